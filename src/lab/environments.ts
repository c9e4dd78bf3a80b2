import os from 'node:os';
import type { EnvName } from './types.js';

/** What each lab environment is, where its Dockerfiles live, and how it is tagged. */
export interface EnvironmentSpec {
  name: EnvName;
  title: string;
  libc: 'glibc' | 'musl';
  /** docker/<dir>/Dockerfile: one recipe, online or offline alike (only the Debian base's origin differs). */
  dir: string;
  /** The environment whose image this one is built on (musl-gcompat starts from musl); its Dockerfile's `ARG <ENV>_IMAGE`. */
  buildsOn?: EnvName;
  describe: string;
  /** Built only when asked for or first needed, never by a plain `images build` (see ON_DEMAND_ENV_NAMES). */
  onDemand?: true;
  /** A shell command whose output (one line per tool) becomes the image's tools label, e.g. compiler versions. */
  toolsProbe?: string;
}

/** Bump when a Dockerfile changes in a way old images must not be reused for. */
export const IMAGE_VERSION = '5';

export const ENVIRONMENTS: Record<EnvName, EnvironmentSpec> = {
  glibc: {
    name: 'glibc',
    title: 'glibc',
    libc: 'glibc',
    dir: 'glibc',
    describe: 'Debian 13 (glibc 2.41) with build-essential, cmake, meson, ninja, gdb, strace, musl-tools (musl-gcc) and the lessons\' locales',
  },
  musl: {
    name: 'musl',
    title: 'musl',
    libc: 'musl',
    dir: 'musl',
    describe: 'upstream musl 1.2.5 built from source (no distribution patches), the kernel\'s headers, gcc 14, make, cmake, meson and ninja from Debian 13',
  },
  'musl-gcompat': {
    name: 'musl-gcompat',
    // what it is: musl behind the glibc loader's path, like Alpine's old libc6-compat; not Alpine's gcompat package
    title: 'musl + glibc-loader shim',
    libc: 'musl',
    dir: 'musl-gcompat',
    buildsOn: 'musl',
    describe: "upstream musl 1.2.5 built from source, with a glibc-loader shim (the glibc loader path answers with musl's loader, as Alpine's libc6-compat did; not Alpine's gcompat package)",
  },
  toolchains: {
    name: 'toolchains',
    title: 'toolchains',
    libc: 'glibc',
    dir: 'toolchains',
    buildsOn: 'glibc',
    onDemand: true,
    describe: 'the glibc environment plus Go, Rust, Python 3 and Node.js from Debian 13 (built on demand: about 900 MB more)',
    toolsProbe: 'go version; rustc --version; python3 --version; node --version',
  },
  'python-musl': {
    name: 'python-musl',
    title: 'python-musl',
    libc: 'musl',
    dir: 'python-musl',
    buildsOn: 'musl',
    onDemand: true,
    describe: 'the musl environment plus CPython 3.13 built from source with musl (built on demand: several minutes)',
    toolsProbe: 'python3 --version',
  },
};

/** The Dockerfile build argument that names the image an environment builds on: musl -> MUSL_IMAGE. */
export function baseImageArg(env: EnvName): string {
  return `${env.toUpperCase().replace(/-/g, '_')}_IMAGE`;
}

export function imageTag(env: EnvName): string {
  return `musl-lab/${env}:${IMAGE_VERSION}`;
}

/** Real Alpine: an extra image (online only), for checking the lessons against it (`verify --alpine`). */
export const ALPINE = { dir: 'alpine', tag: `musl-lab/alpine:${IMAGE_VERSION}`, base: 'alpine:3.22', describe: 'Alpine Linux 3.22 (musl 1.2.5 from Alpine, gcc 14, gcompat)' } as const;

/** Labels every image, container and network of the lab carries (for doctor and sweeping). */
export const LABEL = {
  app: 'org.musl-lab',
  env: 'org.musl-lab.env',
  build: 'org.musl-lab.build',
  libc: 'org.musl-lab.libc',
  libcVersion: 'org.musl-lab.libc-version',
  gccVersion: 'org.musl-lab.gcc-version',
  /** How the libc was obtained (set by the Dockerfile), e.g. "upstream musl 1.2.5 built from source, sha512 verified". */
  libcSource: 'org.musl-lab.libc-source',
  session: 'org.musl-lab.session',
  host: 'org.musl-lab.host',
  pid: 'org.musl-lab.pid',
  created: 'org.musl-lab.created',
  /** A hash of the lab agent's source compiled into an image (or run by a warm container). */
  agent: 'org.musl-lab.agent',
  /** The versions of an environment's extra tools (toolsProbe), e.g. "go1.24.4; rustc 1.85.1; ...". */
  tools: 'org.musl-lab.tools',
  /** What a DNS lab container is: "dns" (the lab's server) or "dnsmasq". */
  service: 'org.musl-lab.service',
  /** What an image is, in a sentence (shown by `images list`). */
  description: 'org.musl-lab.description',
  /** A warm container (kept between commands) and whose it is (warm.ts ownerKey). */
  warm: 'org.musl-lab.warm',
  owner: 'org.musl-lab.owner',
  /** The image a warm container was started from, and its base learner uid. */
  imageId: 'org.musl-lab.image-id',
  uid: 'org.musl-lab.uid',
} as const;

/** Labels identifying this process as the owner of what it creates (so a later run can sweep leftovers). */
export function ownerLabels(session: string): Record<string, string> {
  return {
    [LABEL.app]: '1',
    [LABEL.session]: session,
    [LABEL.host]: os.hostname(),
    [LABEL.pid]: String(process.pid),
    [LABEL.created]: new Date().toISOString(),
  };
}
