// Types for spdx-expression-parse 5 (https://github.com/jslicense/spdx-expression-parse.js), which ships none.
declare module 'spdx-expression-parse' {
  export interface LicenseInfo {
    license: string;
    plus?: true;
    exception?: string;
  }
  export interface ConjunctionInfo {
    conjunction: 'and' | 'or';
    left: LicenseInfo | ConjunctionInfo;
    right: LicenseInfo | ConjunctionInfo;
  }
  function parse(expression: string): LicenseInfo | ConjunctionInfo;
  export default parse;
}
