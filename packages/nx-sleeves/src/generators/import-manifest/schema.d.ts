export interface ImportManifestGeneratorSchema {
  manifest: string;
  directory?: string;
  prefix?: string;
  overwrite?: boolean;
  skipFormat?: boolean;
}
