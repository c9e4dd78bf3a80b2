/** `npm run bench [name...]`: run the named benchmarks (default: all), one after another. */
import { execa } from 'execa';

const ALL = ['cli', 'compare', 'tutorial', 'check-elf', 'explain'];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : ALL;
for (const name of wanted) {
  if (!ALL.includes(name)) {
    console.error(`unknown benchmark "${name}"; known: ${ALL.join(', ')}`);
    process.exit(2);
  }
  console.log(`\n# bench/${name}.ts`);
  await execa('npx', ['tsx', `bench/${name}.ts`], { stdio: 'inherit' });
}
