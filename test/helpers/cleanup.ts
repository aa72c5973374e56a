import { afterAll } from "vitest";
import { removeTempDirs } from "./exports.ts";

// Every test file's temporary folders (exports, databases, outputs) go when the file is done, so repeated runs
// do not fill the disk.
afterAll(removeTempDirs);
