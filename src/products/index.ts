/**
 * The products' public entry. Their definitions live in `ops/products/`, among the other ops,
 * because the backward rules of the reductions and of `diag` are built from `matmul` and `outer`
 * while the products' own rules use `reshape` and `transpose`: one folder, no folder cycle.
 * @packageDocumentation
 */
export * from "../ops/products/index";
