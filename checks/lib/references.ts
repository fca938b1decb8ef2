import type { Reference } from '../../src/engine/check.js';

/** Sources the TCoP 4 checks cite. */
export const TCOP4_REFERENCES = {
  tcop4: {
    title: 'Technology Code of Practice: make use of open standards',
    url: 'https://www.gov.uk/guidance/make-use-of-open-standards',
  },
  openapi3: {
    title: 'Open Standards Board: describing RESTful APIs with OpenAPI 3',
    url: 'https://www.gov.uk/government/publications/recommended-open-standards-for-government/describing-restful-apis-with-openapi-3',
  },
  apiStandards: {
    title: 'GDS API technical and data standards',
    url: 'https://www.gov.uk/guidance/gds-api-technical-and-data-standards',
  },
  nhsStandard17: {
    title: 'NHS service standard 17: make your service interoperable',
    url: 'https://service-manual.nhs.uk/standards-and-technology/service-standard-points/17-make-your-service-interoperable',
  },
  techUkCharter: {
    title: 'techUK Interoperability Charter (UKAuthority report)',
    url: 'https://www.ukauthority.com/articles/techuk-pushes-integration-message/',
  },
  nhsApiCatalogue: {
    title: 'NHS England API catalogue',
    url: 'https://digital.nhs.uk/developer/api-catalogue',
  },
  ukApiCatalogue: { title: 'UK public sector API catalogue', url: 'https://www.api.gov.uk/' },
} as const satisfies Record<string, Reference>;
