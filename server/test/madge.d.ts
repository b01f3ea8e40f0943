/** The part of madge's API (it ships no types) that server/architecture.node.test.ts uses. */
declare module "madge" {
  interface MadgeConfig {
    fileExtensions?: string[];
    tsConfig?: string;
    excludeRegExp?: RegExp[];
  }
  interface MadgeResult {
    /** Each file (relative to the working directory) and the files it imports. */
    obj(): Record<string, string[]>;
    circular(): string[][];
  }
  export default function madge(paths: string | string[], config?: MadgeConfig): Promise<MadgeResult>;
}
