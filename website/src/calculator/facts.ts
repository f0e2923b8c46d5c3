/**
 * The calculator's facts box: `Y: probability, y: sign` (or `Y=probability`), facts about constants that the
 * result may use (derive's `assume`). Errors say which entry is wrong and list the facts.
 */
import { FACTS, type Fact } from "tensorcalc";

/** Parses the facts box; an empty box gives `{}`. */
export function parseFacts(src: string): Record<string, Fact> {
  const out: Record<string, Fact> = {};
  for (const raw of src.split(/[,;\n]/)) {
    const entry = raw.trim();
    if (entry === "") continue;
    const m = /^([A-Za-z](?:\d+|_[A-Za-z0-9]+)?)\s*[:=]\s*([a-z]+)$/.exec(entry);
    if (!m || !(m[2] in FACTS))
      throw new Error(
        `facts: "${entry}" should look like "Y: probability"; the facts are ${Object.entries(FACTS)
          .map(([f, meaning]) => `${f} (${meaning})`)
          .join(", ")}`,
      );
    out[m[1]] = m[2] as Fact;
  }
  return out;
}

/** The facts box's text for facts (the examples fill it in). */
export function formatFacts(facts: Readonly<Record<string, Fact>>): string {
  return Object.entries(facts)
    .map(([name, fact]) => `${name}: ${fact}`)
    .join(", ");
}
