/** The kinds of input: Dockerfiles, Kubernetes manifests, shell scripts, and CI files (GitHub Actions, GitLab CI). */
export type Kind = "dockerfile" | "kubernetes" | "shell" | "ci";

/**
 * One input of a check. Unless `kind` is given, it is told from the path (`Dockerfile`, `*.Dockerfile`, `*.yaml`,
 * `*.sh`, `.github/workflows/*.yml`, `.gitlab-ci.yml`), else from a shell shebang on the first line.
 */
export interface SourceFile {
  path: string;
  content: string;
  kind?: Kind;
}

export type Severity = "info" | "warning" | "error";

/** A half-open range of UTF-8 byte offsets into the content as given (BOM included). */
export interface Span {
  start: number;
  end: number;
}

export interface Edit {
  span: Span;
  replacement: string;
}

export interface Fix {
  title: string;
  edits: Edit[];
}

export interface Finding {
  rule: string;
  severity: Severity;
  /** What is wrong, naming the stage, instruction, object or container. */
  message: string;
  /** What to do about it. */
  help: string;
  path: string;
  span: Span;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units: index JavaScript strings with `column - 1`. */
  column: number;
  end_line: number;
  end_column: number;
  fix?: Fix;
}

export interface Report {
  version: string;
  files: { path: string; kind: Kind }[];
  /** Sorted by path, then position, then rule id. */
  findings: Finding[];
  summary: { error: number; warning: number; info: number };
}

/** The same keys as `.seaworthy.yaml`; unknown keys make `check` throw. */
export interface Config {
  rules?: Record<string, "off" | Severity>;
  "trusted-registries"?: string[];
  "allowed-base-images"?: string[];
  "required-labels"?: string[];
  /** The Pod Security Standards level pods are held to (default `restricted`). */
  "pod-security"?: "privileged" | "baseline" | "restricted";
  limits?: {
    "max-file-bytes"?: number;
    "max-documents"?: number;
    "max-depth"?: number;
    "max-alias-nodes"?: number;
  };
}

export interface RuleInfo {
  id: string;
  severity: Severity;
  /** False for a rule that runs only when the configuration turns it on. */
  enabled: boolean;
  category: string;
  summary: string;
  peers: { tool: string; id: string }[];
  /** The Pod Security Standards controls the rule implements, e.g. `pss-baseline/host-ports`. */
  controls: string[];
  /** The configuration (JSON text) the docs examples are checked under, for rules that need a setting; else null. */
  "example-config": string | null;
  /** Markdown: What it does, Why it matters, Example, Use instead. */
  docs: string;
}
