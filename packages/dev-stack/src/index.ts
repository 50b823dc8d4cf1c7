// The public API of the dev stack: start the whole product in one process.
export {
  startStack,
  buildBffEnv,
  MissingBuildError,
  DEFAULT_PORTS,
  DEV_QBO_APP,
  SANDBOX_LOGIN,
  type StackOptions,
  type RunningStack,
  type StackUrls,
  type ServiceName,
} from './stack.ts';
export { findFreePort, isPortFree } from './ports.ts';
export { BUILD_COMMAND, defaultPaths, missingBuilds, repoRoot } from './paths.ts';
