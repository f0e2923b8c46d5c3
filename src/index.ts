/**
 * tensorcalc: dense Float64 tensors, exact Jacobians and a symbolic engine for
 * matrix and tensor calculus.
 *
 * Conventions: numerator layout `(∂Y/∂X)[i,j,k,l] = ∂Y[i,j]/∂X[k,l]`;
 * `(T:H)[i,j] = Σ_kl T[i,j,k,l] H[k,l]`; `vec` stacks columns;
 * `K_mn vec(A) = vec(Aᵀ)` for A of size m×n.
 * @packageDocumentation
 */
export * from "./core/index";
export * from "./create/index";
export * from "./ops/index";
export * from "./linalg/index";
export * from "./products/index";
export * from "./einsum/index";
export * from "./special/index";
export * from "./compare/index";
export * from "./display/index";
export * from "./autodiff/index";
export * from "./symbolic/index";
export * from "./diagram/index";
