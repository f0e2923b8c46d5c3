export { jacobian, type TensorFunction, type TensorFunctionN } from "./jacobian";
export { numericJacobian, type NumericJacobian, type NumericJacobianOptions } from "./numeric";
export { toVecJacobian, fromVecJacobian, toDenominatorLayout, type JacobianSplit } from "./layout";
