// Synthetic subscriber lists: realistic columns, both languages, written as a stream.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const FIRST = ['Anna', 'Jonas', 'Leonie', 'Mehmet', 'Sofia', 'Lukas', 'Amira', 'Paul', 'Emma', 'Noah'];
const LAST = ['Schmidt', 'Okafor', 'Nguyen', 'Weber', 'García', 'Müller', 'Kowalski', 'Smith', 'Rossi', 'Yilmaz'];

/**
 * Writes `n` distinct readers to `file` (header `email,first_name,last_name,language`),
 * alternating `de` and `en` (every 10th `en-GB`, to exercise subtag matching).
 */
export async function writeReaderList(file, n) {
  const out = createWriteStream(file);
  const write = async (line) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write('email,first_name,last_name,language\n');
  for (let i = 0; i < n; i++) {
    const first = FIRST[i % FIRST.length];
    const last = LAST[(i * 7) % LAST.length];
    const lang = i % 2 === 0 ? 'de' : i % 10 === 1 ? 'en-GB' : 'en';
    await write(`reader${i}@bench.example,${first},${last},${lang}\n`);
  }
  out.end();
  await once(out, 'finish');
  return file;
}
