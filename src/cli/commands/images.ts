/** `musl-lab images build|list|export|import`. */
import { EXIT, LabError } from '../../errors.js';
import { ALPINE, ENVIRONMENTS, LABEL } from '../../lab/environments.js';
import { buildAlpine, buildImages, exportImages, imageStatus, importImages, type BuildMode } from '../../images/images.js';
import { ALL_ENV_NAMES, ON_DEMAND_ENV_NAMES, isEnvName, type EnvName } from '../../lab/types.js';
import type { Context } from '../context.js';

export async function imagesBuildCommand(ctx: Context, o: { offline?: boolean; online?: boolean; force?: boolean; env?: string[]; quiet?: boolean; alpine?: boolean }): Promise<number> {
  if (o.offline && o.online) throw new LabError('bad-input', '--offline and --online exclude each other.', 'Pick one, or neither to try online first.');
  if (o.alpine) {
    if (o.offline) throw new LabError('bad-input', 'Real Alpine can only be built online (its base comes from a registry).', 'Drop --offline; or build it on a machine with a registry and `musl-lab images import` it here.');
    await buildAlpine({ engine: ctx.engine(), projectRoot: ctx.projectRoot, force: o.force, signal: ctx.signal, onEvent: (e) => ctx.stderr.write(`${ctx.style.dim(`[${e.env}]`)} ${e.text}\n`) });
    ctx.stdout.write(`Built ${ALPINE.tag}. Check the lessons against it: musl-lab verify --alpine\n`);
    return EXIT.ok;
  }
  const envs = o.env?.length ? o.env : undefined;
  if (envs && !envs.every(isEnvName)) throw new LabError('bad-input', `Unknown environment in --env ${envs.join(',')}.`, `Use ${ALL_ENV_NAMES.join(', ')}.`);
  const mode: BuildMode = o.offline ? 'offline' : o.online ? 'online' : 'auto';
  const st = ctx.style;
  const last = new Map<string, string>();
  const r = await buildImages({
    engine: ctx.engine(),
    projectRoot: ctx.projectRoot,
    mode,
    envs: envs as EnvName[] | undefined,
    force: o.force,
    signal: ctx.signal,
    onEvent: (e) => {
      // Pull progress repeats per layer; print a line only when it says something new.
      const key = `${e.env}:${e.text.replace(/\s\d+%$/, '')}`;
      if (last.get(key) === e.text) return;
      last.set(key, e.text);
      if (o.quiet && !/^(building|built|No container registry|mmdebstrap: making)/.test(e.text)) return;
      ctx.stderr.write(`${st.dim(`[${e.env}]`)} ${e.text}\n`);
    },
  });
  if (r.agentUpdated.length) ctx.stdout.write(st.green(`Gave ${r.agentUpdated.join(', ')} the current lab agent (the rest of each image unchanged).\n`));
  if (r.built.length) ctx.stdout.write(st.green(`Built ${r.built.join(', ')} (${r.mode}).\n`));
  else if (!r.agentUpdated.length) ctx.stdout.write('All lab images are present; nothing to build (use --force to rebuild).\n');
  return EXIT.ok;
}

export async function imagesListCommand(ctx: Context, o: { json?: boolean }): Promise<number> {
  const status = await imageStatus(ctx.engine());
  // on-demand environments are listed too, but one that is not built yet is not missing
  const extra = (await imageStatus(ctx.engine(), ON_DEMAND_ENV_NAMES)).map((s) => ({ ...s, onDemand: true }));
  if (o.json) {
    ctx.stdout.write(JSON.stringify([...status, ...extra], null, 2) + '\n');
  } else {
    for (const s of [...status, ...extra]) {
      const l = s.labels;
      const tools = l[LABEL.tools] ? ` (${l[LABEL.tools]})` : '';
      ctx.stdout.write(
        s.present
          ? `${s.env.padEnd(13)} ${s.tag.padEnd(26)} ${l[LABEL.libc] ?? '?'} ${l[LABEL.libcVersion] ?? '?'}, gcc ${l[LABEL.gccVersion] ?? '?'}, ${l[LABEL.build] ?? '?'}: ${ENVIRONMENTS[s.env].describe}${tools}, ${Math.round((s.sizeBytes ?? 0) / 1e6)} MB\n`
          : 'onDemand' in s
            ? `${s.env.padEnd(13)} ${s.tag.padEnd(26)} not built: on demand (first use, or musl-lab images build --env ${s.env})\n`
            : `${s.env.padEnd(13)} ${s.tag.padEnd(26)} missing (musl-lab images build)\n`,
      );
    }
  }
  return status.every((s) => s.present) ? EXIT.ok : EXIT.differs;
}

export async function imagesExportCommand(ctx: Context, file: string, o: { env?: string[] }): Promise<number> {
  if (o.env && !o.env.every(isEnvName)) throw new LabError('bad-input', `Unknown environment in --env ${o.env.join(',')}.`, `Use ${ALL_ENV_NAMES.join(', ')}.`);
  const tags = await exportImages(ctx.engine(), file, o.env as EnvName[] | undefined);
  ctx.stdout.write(`Wrote ${tags.join(', ')} to ${file}. On the other machine: musl-lab images import ${file}\n`);
  return EXIT.ok;
}

export async function imagesImportCommand(ctx: Context, file: string): Promise<number> {
  await importImages(ctx.engine(), file);
  ctx.stdout.write(`Imported lab images from ${file}. Check with: musl-lab doctor\n`);
  return EXIT.ok;
}
