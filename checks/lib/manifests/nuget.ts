import type { LocatedValue, ManifestDependency, ManifestReader } from './types.js';
import { asArray, asRecord, asString, findOffset, lineOf, offsetsByName, xmlText } from './text.js';
import { parseXml } from './xml.js';

/** MSBuild properties may appear in several PropertyGroups; the last one wins, as in MSBuild. */
function property(project: Record<string, unknown>, name: string): string | undefined {
  let value: string | undefined;
  for (const group of asArray(project.PropertyGroup)) {
    const v = xmlText(asRecord(group)?.[name]);
    if (v !== undefined && v !== '') value = v;
  }
  return value;
}

function located(text: string, element: string, value: string | undefined): LocatedValue | undefined {
  if (value === undefined) return undefined;
  return { value, line: lineOf(text, findOffset(text, new RegExp(`<${element}\\b`)) ?? 0) };
}

/** SDK-style project files. https://learn.microsoft.com/en-us/nuget/consume-packages/package-references-in-project-files */
export const csproj: ManifestReader = {
  ecosystem: 'nuget',
  kind: 'csproj',
  globs: ['**/*.csproj', '**/*.fsproj', '**/*.vbproj'],
  matches: (base) => /\.(cs|fs|vb)proj$/.test(base),
  read(text) {
    const parsed = parseXml(text);
    if ('error' in parsed) return { dependencies: [], error: parsed.error };
    const project = asRecord(parsed.value.Project);
    if (!project) return { dependencies: [], error: { message: 'no <Project> element', line: 1 } };
    const dependencies: ManifestDependency[] = [];
    const offsets = offsetsByName(text, /\b(?:Include|Update)\s*=\s*["']([^"']+)["']/);
    for (const group of asArray(project.ItemGroup)) {
      for (const ref of asArray(asRecord(group)?.PackageReference)) {
        const r = asRecord(ref);
        const name = asString(r?.['@_Include']) ?? asString(r?.['@_Update']);
        if (!r || !name) continue;
        const version = asString(r['@_Version']) ?? xmlText(r.Version);
        const privateAssets = asString(r['@_PrivateAssets']) ?? xmlText(r.PrivateAssets);
        const offset = offsets.get(name);
        dependencies.push({
          name,
          ...(version ? { version } : {}),
          line: lineOf(text, offset ?? 0),
          // PrivateAssets="all": analysers and build tools that do not flow to consumers.
          dev: privateAssets?.toLowerCase() === 'all',
        });
      }
    }
    const frameworks = property(project, 'TargetFrameworks') ?? property(project, 'TargetFramework');
    const frameworkElement = property(project, 'TargetFrameworks') ? 'TargetFrameworks' : 'TargetFramework';
    const framework = located(text, frameworkElement, frameworks);
    const licence =
      located(text, 'PackageLicenseExpression', property(project, 'PackageLicenseExpression')) ??
      located(text, 'PackageLicenseFile', property(project, 'PackageLicenseFile')?.replace(/^/, 'file:'));
    const name = property(project, 'PackageId') ?? property(project, 'AssemblyName');
    return {
      ...(name ? { name } : {}),
      ...(property(project, 'IsPackable')?.toLowerCase() === 'false' ? { private: true } : {}),
      ...(licence ? { licence } : {}),
      dependencies,
      ...(framework ? { engines: { dotnet: framework } } : {}),
    };
  },
};

/** https://learn.microsoft.com/en-us/nuget/reference/nuspec */
export const nuspec: ManifestReader = {
  ecosystem: 'nuget',
  kind: 'nuspec',
  globs: ['**/*.nuspec'],
  matches: (base) => base.endsWith('.nuspec'),
  read(text) {
    const parsed = parseXml(text);
    if ('error' in parsed) return { dependencies: [], error: parsed.error };
    const metadata = asRecord(asRecord(parsed.value.package)?.metadata);
    if (!metadata) return { dependencies: [], error: { message: 'no <package><metadata> element', line: 1 } };
    const dependencies: ManifestDependency[] = [];
    const deps = asRecord(metadata.dependencies);
    const all = [
      ...asArray(deps?.dependency),
      ...asArray(deps?.group).flatMap((g) => asArray(asRecord(g)?.dependency)),
    ];
    const seen = new Set<string>();
    const offsets = offsetsByName(text, /\bid\s*=\s*["']([^"']+)["']/);
    for (const dep of all) {
      const d = asRecord(dep);
      const name = asString(d?.['@_id']);
      if (!name || seen.has(name)) continue;
      seen.add(name);
      const version = asString(d?.['@_version']);
      const offset = offsets.get(name);
      dependencies.push({
        name,
        ...(version ? { version } : {}),
        line: lineOf(text, offset ?? 0),
        dev: false,
      });
    }
    const licenceElement = asRecord(metadata.license);
    const licenceText = xmlText(metadata.license);
    const licenceType = asString(licenceElement?.['@_type']);
    const licenceUrl = xmlText(metadata.licenseUrl);
    let licence: LocatedValue | undefined;
    if (licenceText)
      licence = located(text, 'license', licenceType === 'file' ? `file:${licenceText}` : licenceText);
    else if (licenceUrl) licence = located(text, 'licenseUrl', licenceUrl);
    const name = xmlText(metadata.id);
    return { ...(name ? { name } : {}), ...(licence ? { licence } : {}), dependencies };
  },
};
