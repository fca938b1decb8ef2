import AjvDraft04Module from 'ajv-draft-04';

/**
 * The draft-04 Ajv class. The package is CommonJS with `module.exports = Ajv` and
 * `exports.default = Ajv`; under NodeNext the default import is typed as the module, so take
 * `.default`, which is the class both at runtime and in the types.
 */
export const AjvDraft04 = AjvDraft04Module.default;
