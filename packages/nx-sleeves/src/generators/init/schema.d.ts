export interface InitGeneratorSchema {
  skipGitignore?: boolean;
  skipFormat?: boolean;
  /** accepted because `nx add` passes it; nothing is installed by this generator */
  keepExistingVersions?: boolean;
}
