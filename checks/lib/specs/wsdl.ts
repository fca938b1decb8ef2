import { attribute, children, lineOfElement, parseXml } from './xml.js';
import type { SpecDetector } from './types.js';

/** WSDL 1.1 (`schemas.xmlsoap.org/wsdl/`) and WSDL 2.0 (`www.w3.org/ns/wsdl`) namespaces. */
const WSDL_NAMESPACE = /https?:\/\/(schemas\.xmlsoap\.org\/wsdl\/|www\.w3\.org\/ns\/wsdl)/;

/**
 * WSDL 1.1 and 2.0: checked to be well-formed XML with a WSDL root whose operations can be
 * counted. WSDL 1.1 is a W3C Note and 2.0 a W3C Recommendation; both are open.
 */
export const wsdlDetector: SpecDetector = {
  format: 'wsdl',
  extensions: ['wsdl', 'xml'],
  sniff: ({ path, text }) => WSDL_NAMESPACE.test(text) || path.toLowerCase().endsWith('.wsdl'),
  async read(file) {
    const parsed = parseXml(file.path, file.text);
    if (parsed.error) {
      if (!file.path.toLowerCase().endsWith('.wsdl')) return undefined;
      return {
        path: file.path,
        format: 'wsdl',
        operations: 0,
        valid: false,
        problems: [parsed.error],
        unresolvedRefs: [],
        includes: [],
      };
    }
    const v11 = children(parsed.root, 'definitions')[0];
    const v20 = children(parsed.root, 'description')[0];
    const root = v11 ?? v20;
    if (!root) {
      if (!file.path.toLowerCase().endsWith('.wsdl')) return undefined;
      return {
        path: file.path,
        format: 'wsdl',
        operations: 0,
        valid: false,
        problems: [
          {
            path: file.path,
            line: 1,
            severity: 'error',
            message: 'The root element is neither wsdl:definitions (1.1) nor wsdl:description (2.0)',
          },
        ],
        unresolvedRefs: [],
        includes: [],
      };
    }
    const interfaces = v11 ? children(root, 'portType') : children(root, 'interface');
    const operations = interfaces.reduce((n, i) => n + children(i, 'operation').length, 0);
    const name = attribute(root, 'name');
    return {
      path: file.path,
      format: 'wsdl',
      version: v11 ? '1.1' : '2.0',
      ...(name ? { title: name } : {}),
      operations,
      valid: true,
      problems:
        operations === 0
          ? [
              {
                path: file.path,
                line: lineOfElement(file.text, v11 ? 'definitions' : 'description'),
                severity: 'warning',
                message: `No ${v11 ? 'portType' : 'interface'} operations are described`,
              },
            ]
          : [],
      unresolvedRefs: [],
      includes: [],
    };
  },
};
