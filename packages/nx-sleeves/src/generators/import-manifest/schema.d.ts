export interface ImportManifestGeneratorSchema {
  manifest: string;
  directory?: string;
  prefix?: string;
  overwrite?: boolean;
  /** module (default): sleeves run the built-in pipeline; command: they run your pipeline as an external command */
  mode?: 'module' | 'command';
  command?: string;
  metaCommand?: string;
  /** comma-separated (or a list): workspace-relative globs of your pipeline's code and config */
  pipelineInputs?: string | string[];
  /** comma-separated (or a list): variables your pipeline is let through (and hashed) */
  envAllow?: string | string[];
  skipFormat?: boolean;
}
