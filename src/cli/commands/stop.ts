/** `musl-lab stop`: remove this user's warm environments now. */
import { EXIT } from '../../errors.js';
import { ownerKey, warmContainers } from '../../lab/warm.js';
import type { Context } from '../context.js';

export async function stopCommand(ctx: Context): Promise<number> {
  const engine = ctx.engine();
  const ids = await warmContainers(engine, ownerKey(ctx.env));
  await Promise.all(ids.map((id) => engine.removeContainer(id)));
  ctx.stdout.write(ids.length ? `Removed ${ids.length} warm environment${ids.length > 1 ? 's' : ''}.\n` : 'No warm environments were running.\n');
  return EXIT.ok;
}
