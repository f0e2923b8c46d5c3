export { transpose } from "./transpose";
