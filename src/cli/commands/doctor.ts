/** `musl-lab doctor`: is everything the lab needs there, and what to do when it is not. */
import { execa } from 'execa';
import { EXIT, isLabError } from '../../errors.js';
import type { EngineInfo } from '../../engine/engine.js';
import { ENVIRONMENTS, LABEL } from '../../lab/environments.js';
import { imageStatus, parseLibcVersion } from '../../images/images.js';
import type { EnvName } from '../../lab/types.js';
import type { Context } from '../context.js';

interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  next?: string;
}

interface EnvReport {
  env: EnvName;
  image: string;
  present: boolean;
  build?: string;
  libc?: string;
  gcc?: string;
  /** How the libc was obtained, when the image says (org.musl-lab.libc-source). */
  libcSource?: string;
  /** Measured inside a running container (not just read from labels). */
  measured?: { libc: string; gcc: string; muslGcc?: string };
}

/**
 * Which musl the glibc environment's musl-gcc links: the version musl's own loader prints, and Debian's
 * package version (its patches). Prints nothing when musl-gcc is not installed.
 */
const MUSL_GCC_VERSION = `command -v musl-gcc >/dev/null || exit 0
v=$(/lib/ld-musl-*.so.1 2>&1 | sed -n 's/^Version //p')
d=$(dpkg-query -W -f='\${Version}' musl-dev 2>/dev/null)
echo "musl \${v:-?}\${d:+ (Debian \$d)}"`;

/** A next step as doctor shows it: errors elsewhere send the user to doctor, who is reading it already. */
function nextHere(next: string): string {
  return next.replace(/\s*Then run `musl-lab doctor`\.$/, '').replace(/^Check `musl-lab doctor`; if Docker looks healthy, run/, 'Run');
}

export async function doctorCommand(ctx: Context, o: { json?: boolean; quick?: boolean }): Promise<number> {
  const checks: DoctorCheck[] = [];
  const envs: EnvReport[] = [];
  let info: EngineInfo | undefined;
  const engine = ctx.engine();
  try {
    info = await engine.info();
    checks.push({ name: 'engine', ok: true, detail: `${info.product} ${info.version} (API ${info.apiVersion}, ${info.os}/${info.arch}${info.cgroupVersion ? `, cgroup v${info.cgroupVersion}` : ''}) at ${engine.endpoint.address} [${engine.endpoint.source}]${engine.endpoint.note ? `. ${engine.endpoint.note}` : ''}` });
  } catch (e) {
    checks.push({ name: 'engine', ok: false, detail: isLabError(e) ? e.message : String(e), next: isLabError(e) ? nextHere(e.next) : undefined });
  }
  if (info) {
    if (info.arch !== 'amd64' && info.arch !== 'x86_64') {
      checks.push({ name: 'architecture', ok: false, detail: `The engine runs ${info.arch}; the offline images and lessons are written for x86_64.`, next: 'Use an x86_64 machine, or build online images (`musl-lab images build --online`), knowing that interpreter paths in lessons name x86_64.' });
    }
    const status = await imageStatus(engine);
    for (const s of status) {
      const r: EnvReport = { env: s.env, image: s.tag, present: s.present };
      if (s.present) {
        r.build = s.labels[LABEL.build];
        r.libc = `${s.labels[LABEL.libc] ?? '?'} ${s.labels[LABEL.libcVersion] ?? '?'}`;
        r.gcc = s.labels[LABEL.gccVersion];
        r.libcSource = s.labels[LABEL.libcSource];
      }
      envs.push(r);
    }
    const missing = envs.filter((e) => !e.present);
    checks.push(
      missing.length
        ? { name: 'images', ok: false, detail: `missing: ${missing.map((m) => m.image).join(', ')}`, next: 'Build them: `npx musl-lab images build` (tries a registry, else builds offline from Debian\'s archive).' }
        : { name: 'images', ok: true, detail: 'all three environments are built' },
    );
    if (!o.quick && missing.length < envs.length) {
      const lab = await ctx.lab();
      await Promise.all(
        envs.filter((e) => e.present).map(async (e) => {
          try {
            const ldd = await lab.command(e.env, ['sh', '-c', 'ldd --version 2>&1; true']);
            const gcc = await lab.command(e.env, ['gcc', '-dumpfullversion']);
            const id = parseLibcVersion(ldd.stdout);
            e.measured = { libc: `${id.libc} ${id.version ?? '?'}`, gcc: gcc.stdout.trim() };
            if (ENVIRONMENTS[e.env].libc === 'glibc') {
              const mg = await lab.command(e.env, ['sh', '-c', MUSL_GCC_VERSION]);
              if (mg.stdout.trim()) e.measured.muslGcc = mg.stdout.trim();
            }
            if (id.libc !== ENVIRONMENTS[e.env].libc) checks.push({ name: `${e.env} libc`, ok: false, detail: `reports ${id.libc}, expected ${ENVIRONMENTS[e.env].libc}`, next: `Rebuild it: \`musl-lab images build --force --env ${e.env}\`.` });
          } catch (err) {
            checks.push({ name: `${e.env} container`, ok: false, detail: isLabError(err) ? err.message : String(err), next: isLabError(err) ? nextHere(err.next) : 'Run again with MUSL_LAB_DEBUG=1.' });
          }
        }),
      );
    }
  }
  // Lessons build with musl-gcc on glibc and run the result on the musl environment: the two musl releases should match.
  const glibcEnv = envs.find((e) => e.env === 'glibc');
  const muslEnv = envs.find((e) => e.env === 'musl');
  if (glibcEnv?.measured && muslEnv?.measured) {
    const built = glibcEnv.measured.muslGcc?.match(/^musl (\S+)/)?.[1];
    const runs = muslEnv.measured.libc.replace(/^musl /, '');
    if (!built) checks.push({ name: 'musl-gcc', ok: false, detail: 'the glibc environment has no musl-gcc (Debian\'s musl-tools)', next: 'Rebuild it: `musl-lab images build --force --env glibc`.' });
    else if (built !== runs) checks.push({ name: 'musl-gcc', ok: false, detail: `the glibc environment's musl-gcc links musl ${built}, the musl environment runs musl ${runs}`, next: 'Rebuild the images from one recipe: `musl-lab images build --force`.' });
    else checks.push({ name: 'musl-gcc', ok: true, detail: `the glibc environment's musl-gcc links musl ${built}, the release the musl environment runs` });
  }
  const mm = await execa('sh', ['-c', 'command -v mmdebstrap'], { reject: false });
  const tools = { mmdebstrap: mm.exitCode === 0 ? String(mm.stdout).trim() : null };

  const ok = checks.every((c) => c.ok);
  if (o.json) {
    ctx.stdout.write(JSON.stringify({ ok, engine: info ?? null, checks, environments: envs, tools }, null, 2) + '\n');
    return ok ? EXIT.ok : EXIT.differs;
  }
  const st = ctx.style;
  const out: string[] = [st.bold('musl-lab doctor')];
  for (const c of checks) {
    out.push(`${c.ok ? st.green(st.sym.ok) : st.red(st.sym.fail)} ${c.name}: ${c.detail}`);
    if (c.next) out.push(`   next: ${c.next}`);
  }
  if (envs.length) {
    out.push('', st.bold('environments'));
    for (const e of envs) {
      if (!e.present) {
        out.push(`  ${e.env.padEnd(13)} ${st.red('missing')}  (${e.image})`);
        continue;
      }
      const m = e.measured ? `measured inside: ${e.measured.libc}, gcc ${e.measured.gcc}${e.measured.muslGcc ? `, musl-gcc: ${e.measured.muslGcc}` : ''}` : `labels: ${e.libc}, gcc ${e.gcc ?? '?'}`;
      out.push(`  ${e.env.padEnd(13)} ${st.green('ready')}    ${m}; built ${e.build ?? '?'}: ${ENVIRONMENTS[e.env].describe}`);
      if (e.libcSource) out.push(`  ${''.padEnd(13)}          libc: ${e.libcSource}`);
    }
  }
  out.push('', `offline builds: ${tools.mmdebstrap ? `mmdebstrap at ${tools.mmdebstrap}` : 'mmdebstrap not installed (needed only to build without a registry: `sudo apt-get install mmdebstrap`)'}`);
  out.push(ok ? st.green('\nAll good: try `musl-lab compare FILE.c`.') : st.red('\nSomething is missing: follow the "next" lines above.'));
  ctx.stdout.write(out.join('\n') + '\n');
  return ok ? EXIT.ok : EXIT.differs;
}
