/** `npm run bench [name...]`: run the named benchmarks (default: all), one after another. */
import { execa } from 'execa';

const ALL = ['cli', 'compare', 'tutorial', 'check-elf', 'explain'];
/** Named only: minutes of load on the engine (20 learners at once). */
const EXTRA = ['room', 'verify', 'port'];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : ALL;
for (const name of wanted) {
  if (![...ALL, ...EXTRA].includes(name)) {
    console.error(`unknown benchmark "${name}"; known: ${[...ALL, ...EXTRA].join(', ')}`);
    process.exit(2);
  }
  console.log(`\n# bench/${name}.ts`);
  await execa('npx', ['tsx', `bench/${name}.ts`], { stdio: 'inherit' });
}
