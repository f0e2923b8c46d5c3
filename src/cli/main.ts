#!/usr/bin/env node
/**
 * The `tensorcalc` command: `tensorcalc derive "A' * B" --wrt A --shape A=pxm --shape B=pxn`.
 * @packageDocumentation
 */
import { runCli } from "./run";

const r = runCli(process.argv.slice(2));
if (r.stdout) process.stdout.write(r.stdout);
if (r.stderr) process.stderr.write(r.stderr);
process.exitCode = r.code;
