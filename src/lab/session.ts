/**
 * What the rest of musl-lab programs against: a lab session. `Lab`
 * (sandbox.ts) implements it with containers; the tutorial, verify, compare
 * and the lesson check only see this interface. Every request reports its
 * phases (queued, compiling, running, done) to the session's listeners and to
 * the call's own `onPhase`.
 */
import type { Artifact, CallOptions, CompileRequest, CompileResult, DnsQuery, DnsScenario, EnvName, PhaseListener, RunOutcome, RunRequest } from './types.js';

/**
 * The DNS lab as a step sees it: the environments as clients on a network with the lab's own
 * name server. dns/net-lab.ts implements it; this side never imports that one.
 */
export interface NetworkLab {
  /** The environments as clients on this network (their own containers). */
  readonly lab: LabSession;
  /** Set up `env`'s resolv.conf, hosts and the server's knobs for scenario `s`. */
  prepare(env: EnvName, s: DnsScenario): Promise<void>;
  /** The queries the lab's DNS server saw since the last prepare. */
  queries(): Promise<DnsQuery[]>;
  /** A run on this network failed because of the network: rebuild it next time. */
  markBroken(e: unknown): void;
}

export interface LabSession {
  readonly session: string;
  /** Labels of an environment's image (libc, versions, how it was built). */
  imageLabels(env: EnvName): Promise<Record<string, string>>;
  compile(env: EnvName, req: CompileRequest, o?: CallOptions): Promise<CompileResult>;
  /** Build and run in one request (the common case). */
  compileAndRun(env: EnvName, creq: CompileRequest, rreq?: RunRequest, o?: CallOptions): Promise<{ compile: CompileResult; run?: RunOutcome }>;
  /** Run a built program, moved to `env` first if it was built elsewhere. */
  run(env: EnvName, artifact: Artifact, req?: RunRequest, o?: CallOptions): Promise<RunOutcome>;
  /** Run any command (ldd, readelf -l, ...) under the same limits. */
  command(env: EnvName, argv: string[], req?: RunRequest, o?: CallOptions): Promise<RunOutcome>;
  transfer(artifact: Artifact, to: EnvName): Promise<Artifact>;
  readFile(env: EnvName, file: string): Promise<Buffer>;
  putArtifact(env: EnvName, name: string, content: Buffer): Promise<Artifact>;
  /** The DNS lab (made on first use). */
  network(): Promise<NetworkLab>;
  /**
   * Stop what runs now: every learner process of each busy environment is killed, so the
   * request under way ends at once (its outcome: SIGKILL) and the environment stays warm for
   * the next one. Returns how many environments were busy. Optional: test doubles may leave it out.
   */
  cancel?(): Promise<number>;
  /** Listen to every phase of every request; returns the unsubscribe. */
  onPhase(listener: PhaseListener): () => void;
  dispose(): Promise<void>;
}
