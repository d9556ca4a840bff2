export interface InitGeneratorSchema {
  /** add/use a `lakehouse` target and make sleeves depend on it (default true) */
  lakehouse?: boolean;
  skipGitignore?: boolean;
  /** do not add @nx-sleeves/pipeline to package.json (and install nothing) */
  skipPackageJson?: boolean;
  skipFormat?: boolean;
  /** passed by `nx add`; an existing @nx-sleeves/pipeline entry in package.json is always kept */
  keepExistingVersions?: boolean;
}
