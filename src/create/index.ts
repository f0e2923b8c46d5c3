export { tensor } from "./tensor";
export { zeros, ones, full, eye } from "./constant";
export { randn, rand, randint, type RandnOptions, type RandOptions, type RandintOptions } from "./random";
export { fromFunction } from "./fromFunction";
