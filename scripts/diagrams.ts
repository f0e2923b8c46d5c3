/**
 * Writes the diagrams of the guide page "Derivatives as pictures" and of the README to
 * docs/img/diagrams/*.svg (`npm run diagrams`); test/diagram/pictures.test.ts checks that the
 * committed files are what the code draws now.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { PICTURES, pictureSvg } from "./diagram-pictures";

const dir = join(__dirname, "..", "docs", "img", "diagrams");
mkdirSync(dir, { recursive: true });
for (const p of PICTURES) {
  writeFileSync(join(dir, p.file), pictureSvg(p));
  console.log(`wrote docs/img/diagrams/${p.file}`);
}
