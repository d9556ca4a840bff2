export interface InitGeneratorSchema {
  /** add/use a `lakehouse` target and make sleeves depend on it (default true) */
  lakehouse?: boolean;
  skipGitignore?: boolean;
  skipFormat?: boolean;
  /** accepted because `nx add` passes it; nothing is installed by this generator */
  keepExistingVersions?: boolean;
}
