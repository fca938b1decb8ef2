import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../../src/snapshot/memory.js';
import { MANIFEST_GLOBS, readManifests, type Manifest } from './manifests.js';

/** Reads the single manifest of a one-file repository. */
function one(path: string, text: string): Manifest {
  const manifests = readManifests(memorySnapshot({ files: { [path]: text } }));
  expect(manifests).toHaveLength(1);
  return manifests[0] as Manifest;
}

const dep = (m: Manifest, name: string) => m.dependencies.find((d) => d.name === name);

describe('readManifests', () => {
  it('is memoised per snapshot and skips vendored and installed code', () => {
    const snapshot = memorySnapshot({
      files: {
        'package.json': '{"name":"root"}',
        'node_modules/left-pad/package.json': '{"name":"left-pad"}',
        'vendor/acme/lib/composer.json': '{}',
        'README.md': '# hi',
      },
    });
    const first = readManifests(snapshot);
    expect(first.map((m) => m.path)).toEqual(['package.json']);
    expect(readManifests(snapshot)).toBe(first);
  });

  it('exposes globs for every format', () => {
    for (const glob of [
      '**/package.json',
      '**/go.mod',
      '**/*.csproj',
      '**/DESCRIPTION',
      '**/requirements*.txt',
    ])
      expect(MANIFEST_GLOBS).toContain(glob);
  });

  it('never throws: a broken file carries an error with its line', () => {
    const m = one('web/package.json', '{\n  "name": "x",\n  "dependencies": {\n    "a": "1"\n  ,}\n}\n');
    expect(m.dir).toBe('web');
    expect(m.error?.line).toBe(5);
    expect(m.dependencies).toEqual([]);
  });

  it('reads files saved with a UTF-8 byte order mark and Windows line endings', () => {
    const npm = one('package.json', '\uFEFF{\r\n  "name": "x",\r\n  "license": "MIT"\r\n}\r\n');
    expect(npm.error).toBeUndefined();
    expect(npm.licence).toEqual({ value: 'MIT', line: 3 });
    const cargo = one('Cargo.toml', '\uFEFF[package]\r\nname = "x"\r\nlicense = "MIT"\r\n');
    expect(cargo.licence).toEqual({ value: 'MIT', line: 3 });
  });
});

describe('package.json', () => {
  const text = `{
  "name": "@acme/web",
  "private": true,
  "license": "MIT",
  "engines": {
    "node": ">=20"
  },
  "packageManager": "pnpm@9.1.0",
  "workspaces": ["packages/*"],
  "dependencies": {
    "express": "^4.19.2"
  },
  "devDependencies": {
    "vitest": "^4.0.0",
    "express-types": "1"
  },
  "peerDependencies": { "react": ">=18" }
}
`;
  it('reads name, licence, engines, dependencies with lines', () => {
    const m = one('package.json', text);
    expect(m).toMatchObject({
      ecosystem: 'npm',
      kind: 'package.json',
      name: '@acme/web',
      private: true,
      tool: 'pnpm',
    });
    expect(m.licence).toEqual({ value: 'MIT', line: 4 });
    expect(m.engines?.node).toEqual({ value: '>=20', line: 6 });
    expect(m.workspaces).toEqual(['packages/*']);
    expect(dep(m, 'express')).toEqual({ name: 'express', version: '^4.19.2', line: 11, dev: false });
    expect(dep(m, 'vitest')).toMatchObject({ line: 14, dev: true });
    expect(dep(m, 'express-types')).toMatchObject({ line: 15, dev: true });
    expect(dep(m, 'react')).toMatchObject({ line: 17, dev: false });
  });

  it('reads legacy licence forms', () => {
    expect(one('package.json', '{"license": {"type": "ISC", "url": "x"}}').licence?.value).toBe('ISC');
    expect(one('package.json', '{\n"licenses": [{"type": "MIT"}, {"type": "Apache-2.0"}]}').licence).toEqual({
      value: '(MIT OR Apache-2.0)',
      line: 2,
    });
  });
});

describe('pyproject.toml', () => {
  it('reads PEP 621 metadata', () => {
    const m = one(
      'svc/pyproject.toml',
      `[project]
name = "svc"
license = "MIT"
requires-python = ">=3.11"
dependencies = [
  "requests>=2.31",
  "pydantic[email]==2.7.0 ; python_version >= '3.11'",
]

[project.optional-dependencies]
test = ["pytest>=8"]
s3 = ["boto3"]

[dependency-groups]
lint = ["ruff"]

[tool.uv]
dev-dependencies = []
`,
    );
    expect(m).toMatchObject({ ecosystem: 'pip', name: 'svc', tool: 'uv', dir: 'svc' });
    expect(m.licence).toEqual({ value: 'MIT', line: 3 });
    expect(m.engines?.python).toEqual({ value: '>=3.11', line: 4 });
    expect(dep(m, 'requests')).toEqual({ name: 'requests', version: '>=2.31', line: 6, dev: false });
    expect(dep(m, 'pydantic')).toEqual({ name: 'pydantic', version: '==2.7.0', line: 7, dev: false });
    expect(dep(m, 'pytest')).toMatchObject({ line: 11, dev: true });
    expect(dep(m, 'boto3')).toMatchObject({ line: 12, dev: false });
    expect(dep(m, 'ruff')).toMatchObject({ line: 15, dev: true });
  });

  it('reads the older licence table and Poetry', () => {
    const m = one(
      'pyproject.toml',
      `[tool.poetry]
name = "app"
license = "Apache-2.0"
classifiers = ["Private :: Do Not Upload"]

[tool.poetry.dependencies]
python = "^3.9"
django = "^5.0"
celery = { version = "^5.3", extras = ["redis"] }

[tool.poetry.group.dev.dependencies]
pytest = "^8"
`,
    );
    expect(m).toMatchObject({ tool: 'poetry', name: 'app', private: true });
    expect(m.licence).toEqual({ value: 'Apache-2.0', line: 3 });
    expect(m.engines?.python).toEqual({ value: '^3.9', line: 7 });
    expect(dep(m, 'django')).toEqual({ name: 'django', version: '^5.0', line: 8, dev: false });
    expect(dep(m, 'celery')).toMatchObject({ version: '^5.3', line: 9 });
    expect(dep(m, 'pytest')).toMatchObject({ line: 12, dev: true });
    expect(
      one('pyproject.toml', '[project]\nname = "x"\nlicense = { text = "BSD-3-Clause" }\n').licence,
    ).toEqual({
      value: 'BSD-3-Clause',
      line: 3,
    });
    expect(one('pyproject.toml', '[project]\nlicense = { file = "LICENSE" }\n').licence?.value).toBe(
      'file:LICENSE',
    );
  });

  it('reports TOML errors with their line', () => {
    const m = one('pyproject.toml', '[project]\nname = \nversion = "1"\n');
    expect(m.error?.line).toBe(2);
  });
});

describe('setup.cfg and setup.py', () => {
  it('reads setup.cfg', () => {
    const m = one(
      'setup.cfg',
      `[metadata]
name = legacy
license = BSD-3-Clause

[options]
python_requires = >=3.8
install_requires =
    requests>=2
    click

[options.extras_require]
test =
    pytest
`,
    );
    expect(m).toMatchObject({ name: 'legacy', licence: { value: 'BSD-3-Clause', line: 3 } });
    expect(m.engines?.python).toEqual({ value: '>=3.8', line: 6 });
    expect(dep(m, 'requests')).toEqual({ name: 'requests', version: '>=2', line: 8, dev: false });
    expect(dep(m, 'click')).toMatchObject({ line: 9 });
    expect(dep(m, 'pytest')).toMatchObject({ line: 13, dev: true });
  });

  it('reads setup.py literals', () => {
    const m = one(
      'setup.py',
      `from setuptools import setup

setup(
    name="old",
    license='MIT',
    install_requires=[
        "flask==3.0.0",
        'jinja2',
    ],
)
`,
    );
    expect(m).toMatchObject({ name: 'old', licence: { value: 'MIT', line: 5 } });
    expect(dep(m, 'flask')).toEqual({ name: 'flask', version: '==3.0.0', line: 7, dev: false });
    expect(dep(m, 'jinja2')).toMatchObject({ line: 8 });
  });
});

describe('requirements files and Pipfile', () => {
  it('reads requirement lines, skipping options and comments', () => {
    const m = one(
      'requirements.txt',
      `# pinned
-r base.txt
--index-url https://pypi.org/simple
Django==5.0.6 \\
    --hash=sha256:abc
requests[socks]>=2.31  # comment
mylib @ https://example.org/mylib.whl
-e git+https://github.com/a/b.git#egg=b
`,
    );
    expect(m.dependencies).toEqual([
      { name: 'Django', version: '==5.0.6', line: 4, dev: false },
      { name: 'requests', version: '>=2.31', line: 6, dev: false },
      { name: 'mylib', version: '@ https://example.org/mylib.whl', line: 7, dev: false },
    ]);
    expect(
      one(
        'requirements.txt',
        'git+https://github.com/acme/nhs-number.git@v1.2.0#egg=nhs-number\nhttps://example.org/x/pkg-1.0.whl\n./libs/common\n',
      ).dependencies,
    ).toEqual([
      {
        name: 'nhs-number',
        version: '@ git+https://github.com/acme/nhs-number.git@v1.2.0#egg=nhs-number',
        line: 1,
        dev: false,
      },
      { name: 'pkg-1.0.whl', version: '@ https://example.org/x/pkg-1.0.whl', line: 2, dev: false },
      { name: 'common', version: '@ ./libs/common', line: 3, dev: false },
    ]);
    expect(one('requirements-dev.txt', 'pytest\n').dependencies[0]?.dev).toBe(true);
    expect(one('requirements/test.txt', 'pytest\n').dependencies[0]?.dev).toBe(true);
  });

  it('reads Pipfile', () => {
    const m = one(
      'Pipfile',
      '[packages]\nrequests = "*"\n\n[dev-packages]\npytest = {version = ">=8"}\n\n[requires]\npython_version = "3.12"\n',
    );
    expect(m).toMatchObject({ tool: 'pipenv', engines: { python: { value: '3.12', line: 8 } } });
    expect(dep(m, 'requests')).toEqual({ name: 'requests', version: '*', line: 2, dev: false });
    expect(dep(m, 'pytest')).toEqual({ name: 'pytest', version: '>=8', line: 5, dev: true });
  });
});

describe('Cargo.toml', () => {
  it('reads package, dependencies, targets and workspace', () => {
    const m = one(
      'Cargo.toml',
      `[package]
name = "tool"
license = "MIT OR Apache-2.0"
rust-version = "1.75"
publish = false

[[bin]]
name = "tool"

[dependencies]
serde = { version = "1", features = ["derive"] }
anyhow = "1.0"

[dev-dependencies]
proptest = "1"

[dependencies.tokio]
version = "1.38"

[workspace]
members = ["crates/*"]
`,
    );
    expect(m).toMatchObject({ name: 'tool', private: true, targets: ['bin'], workspaces: ['crates/*'] });
    expect(m.licence).toEqual({ value: 'MIT OR Apache-2.0', line: 3 });
    expect(m.engines?.rust).toEqual({ value: '1.75', line: 4 });
    expect(dep(m, 'serde')).toEqual({ name: 'serde', version: '1', line: 11, dev: false });
    expect(dep(m, 'anyhow')).toMatchObject({ line: 12 });
    expect(dep(m, 'proptest')).toMatchObject({ line: 15, dev: true });
    expect(dep(m, 'tokio')).toMatchObject({ version: '1.38', line: 17 });
  });
});

describe('pom.xml', () => {
  it('reads licences, dependencies, parent and Java release', () => {
    const m = one(
      'api/pom.xml',
      `<?xml version="1.0" encoding="UTF-8"?>
<project>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.3.1</version>
  </parent>
  <groupId>uk.gov.example</groupId>
  <artifactId>api</artifactId>
  <licenses>
    <license>
      <name>MIT License</name>
    </license>
  </licenses>
  <properties>
    <java.version>17</java.version>
    <guava.version>33.2.1-jre</guava.version>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency><groupId>x</groupId><artifactId>guava</artifactId></dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>com.google.guava</groupId>
      <artifactId>guava</artifactId>
      <version>\${guava.version}</version>
    </dependency>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <scope>test</scope>
    </dependency>
  </dependencies>
</project>
`,
    );
    expect(m).toMatchObject({
      ecosystem: 'maven',
      name: 'uk.gov.example:api',
      licence: { value: 'MIT License', line: 12 },
    });
    expect(m.engines?.java).toEqual({ value: '17', line: 16 });
    expect(dep(m, 'org.springframework.boot:spring-boot-starter-parent')).toMatchObject({
      version: '3.3.1',
      line: 3,
    });
    expect(dep(m, 'com.google.guava:guava')).toEqual({
      name: 'com.google.guava:guava',
      version: '33.2.1-jre',
      line: 27,
      dev: false,
    });
    expect(dep(m, 'org.junit.jupiter:junit-jupiter')).toMatchObject({ line: 32, dev: true });
  });

  it('reports malformed XML with its line', () => {
    expect(one('pom.xml', '<project>\n  <dependencies>\n</project>\n').error?.line).toBe(3);
  });
});

describe('Gradle', () => {
  it('reads Groovy and Kotlin DSL dependency lines and the Java level', () => {
    const groovy = one(
      'build.gradle',
      `plugins { id 'java' }
java {
    sourceCompatibility = JavaVersion.VERSION_11
}
dependencies {
    implementation 'org.apache.commons:commons-lang3:3.14.0'
    testImplementation "junit:junit:4.13.2"
    runtimeOnly group: 'org.postgresql', name: 'postgresql', version: '42.7.3'
}
`,
    );
    expect(groovy.engines?.java).toEqual({ value: '11', line: 3 });
    expect(groovy.dependencies).toEqual([
      { name: 'org.apache.commons:commons-lang3', version: '3.14.0', line: 6, dev: false },
      { name: 'junit:junit', version: '4.13.2', line: 7, dev: true },
      { name: 'org.postgresql:postgresql', version: '42.7.3', line: 8, dev: false },
    ]);
    const kts = one(
      'app/build.gradle.kts',
      `java {
    toolchain {
        languageVersion.set(JavaLanguageVersion.of(21))
    }
}
dependencies {
    implementation(platform("org.springframework.boot:spring-boot-dependencies:3.3.0"))
    implementation("com.squareup.okhttp3:okhttp")
}
`,
    );
    expect(kts).toMatchObject({ ecosystem: 'gradle', kind: 'build.gradle.kts' });
    expect(kts.engines?.java).toEqual({ value: '21', line: 3 });
    expect(dep(kts, 'com.squareup.okhttp3:okhttp')).toEqual({
      name: 'com.squareup.okhttp3:okhttp',
      line: 8,
      dev: false,
    });
    expect(dep(kts, 'org.springframework.boot:spring-boot-dependencies')).toMatchObject({ line: 7 });
  });
});

describe('NuGet', () => {
  it('reads SDK-style project files', () => {
    const m = one(
      'src/Api/Api.csproj',
      `<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFrameworks>net8.0;net6.0</TargetFrameworks>
    <PackageLicenseExpression>MIT</PackageLicenseExpression>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Serilog" Version="4.0.0" />
    <PackageReference Include="StyleCop.Analyzers" Version="1.1.118" PrivateAssets="all" />
    <PackageReference Include="Polly">
      <Version>8.4.0</Version>
    </PackageReference>
  </ItemGroup>
</Project>
`,
    );
    expect(m).toMatchObject({ ecosystem: 'nuget', kind: 'csproj', licence: { value: 'MIT', line: 4 } });
    expect(m.engines?.dotnet).toEqual({ value: 'net8.0;net6.0', line: 3 });
    expect(m.dependencies).toEqual([
      { name: 'Serilog', version: '4.0.0', line: 7, dev: false },
      { name: 'StyleCop.Analyzers', version: '1.1.118', line: 8, dev: true },
      { name: 'Polly', version: '8.4.0', line: 9, dev: false },
    ]);
  });

  it('reads nuspec files', () => {
    const m = one(
      'Lib.nuspec',
      `<?xml version="1.0"?>
<package>
  <metadata>
    <id>Acme.Lib</id>
    <license type="expression">Apache-2.0</license>
    <dependencies>
      <group targetFramework="net8.0">
        <dependency id="Newtonsoft.Json" version="13.0.3" />
      </group>
    </dependencies>
  </metadata>
</package>
`,
    );
    expect(m).toMatchObject({ name: 'Acme.Lib', licence: { value: 'Apache-2.0', line: 5 } });
    expect(m.dependencies).toEqual([{ name: 'Newtonsoft.Json', version: '13.0.3', line: 8, dev: false }]);
  });
});

describe('composer.json', () => {
  it('reads licences, requirements and the PHP version', () => {
    const m = one(
      'composer.json',
      `{
  "name": "acme/site",
  "license": ["MIT", "GPL-2.0-or-later"],
  "require": {
    "php": ">=8.2",
    "ext-json": "*",
    "symfony/http-foundation": "^7.0"
  },
  "require-dev": {
    "phpunit/phpunit": "^11"
  }
}
`,
    );
    expect(m.licence).toEqual({ value: '(MIT OR GPL-2.0-or-later)', line: 3 });
    expect(m.engines?.php).toEqual({ value: '>=8.2', line: 5 });
    expect(m.dependencies).toEqual([
      { name: 'symfony/http-foundation', version: '^7.0', line: 7, dev: false },
      { name: 'phpunit/phpunit', version: '^11', line: 10, dev: true },
    ]);
  });
});

describe('Ruby', () => {
  it('reads gemspecs', () => {
    const m = one(
      'acme.gemspec',
      `Gem::Specification.new do |spec|
  spec.name = "acme"
  spec.licenses = ["MIT"]
  spec.required_ruby_version = ">= 3.1"
  spec.add_dependency "rack", "~> 3.0", ">= 3.0.8"
  spec.add_development_dependency 'rspec'
end
`,
    );
    expect(m).toMatchObject({ ecosystem: 'bundler', name: 'acme', licence: { value: 'MIT', line: 3 } });
    expect(m.engines?.ruby).toEqual({ value: '>= 3.1', line: 4 });
    expect(m.dependencies).toEqual([
      { name: 'rack', version: '~> 3.0, >= 3.0.8', line: 5, dev: false },
      { name: 'rspec', line: 6, dev: true },
    ]);
    expect(one('x.gemspec', "s.license = 'Apache-2.0'\n").licence?.value).toBe('Apache-2.0');
  });

  it('reads Gemfiles with groups', () => {
    const m = one(
      'Gemfile',
      `source "https://rubygems.org"
ruby "3.3.4"
gem "rails", "~> 7.1"
group :development, :test do
  gem "rspec-rails"
end
gem "puma", require: false
gem "rubocop", group: :development
`,
    );
    expect(m.engines?.ruby).toEqual({ value: '3.3.4', line: 2 });
    expect(m.dependencies).toEqual([
      { name: 'rails', version: '~> 7.1', line: 3, dev: false },
      { name: 'rspec-rails', line: 5, dev: true },
      { name: 'puma', line: 7, dev: false },
      { name: 'rubocop', line: 8, dev: true },
    ]);
  });
});

describe('go.mod', () => {
  it('reads the module, go directive and requirements', () => {
    const m = one(
      'go.mod',
      `module github.com/acme/tool

go 1.22.1

toolchain go1.22.5

require github.com/spf13/cobra v1.8.1

require (
	golang.org/x/sys v0.21.0 // indirect
	gopkg.in/yaml.v3 v3.0.1
)
`,
    );
    expect(m).toMatchObject({ name: 'github.com/acme/tool', ecosystem: 'gomod' });
    expect(m.engines?.go).toEqual({ value: '1.22.1', line: 3 });
    expect(m.dependencies.map((d) => [d.name, d.version, d.line])).toEqual([
      ['github.com/spf13/cobra', 'v1.8.1', 7],
      ['golang.org/x/sys', 'v0.21.0', 10],
      ['gopkg.in/yaml.v3', 'v3.0.1', 11],
    ]);
  });
});

describe('DESCRIPTION', () => {
  it('reads an R package description', () => {
    const m = one(
      'DESCRIPTION',
      `Package: govstats
Title: Statistics
License: MIT + file LICENSE
Depends: R (>= 4.1.0)
Imports:
    dplyr (>= 1.1.0),
    rlang
Suggests: testthat (>= 3.0.0)
`,
    );
    expect(m).toMatchObject({
      ecosystem: 'cran',
      name: 'govstats',
      licence: { value: 'MIT + file LICENSE', line: 3 },
    });
    expect(m.engines?.r).toEqual({ value: '>= 4.1.0', line: 4 });
    expect(m.dependencies).toEqual([
      { name: 'dplyr', version: '>= 1.1.0', line: 6, dev: false },
      { name: 'rlang', line: 7, dev: false },
      { name: 'testthat', version: '>= 3.0.0', line: 8, dev: true },
    ]);
  });
});
