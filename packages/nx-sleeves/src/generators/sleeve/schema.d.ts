export interface SleeveGeneratorSchema {
  name: string;
  market?: string;
  engine?: string;
  mode?: string;
  directory?: string;
  /** comma-separated string from the CLI, or an array when called programmatically */
  symbols?: string | string[];
  topN?: number;
  description?: string;
  skipFormat?: boolean;
}
