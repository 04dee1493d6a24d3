export { CallContext, type CallContextValue } from './call-context';
