export { jacobian, type TensorFunction, type TensorFunctionN } from "./jacobian";
export { grad, hessian, jvp, vjp, type JvpResult, type VjpResult } from "./derivatives";
export { numericJacobian, type NumericJacobian, type NumericJacobianOptions } from "./numeric";
export { toVecJacobian, fromVecJacobian, toDenominatorLayout, type JacobianSplit } from "./layout";
