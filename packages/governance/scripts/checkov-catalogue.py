#!/usr/bin/env python3
"""Builds src/policy/checkov/checkov-catalogue.json from a Checkov checkout.

Reads only each check's declared metadata (id, name, resource types), never
its logic: the catalogue is what Groundwork's coverage table is held against.

    python3 scripts/checkov-catalogue.py /path/to/checkov > src/policy/checkov/checkov-catalogue.json
"""
import ast, json, os, re, subprocess, sys

import yaml  # PyYAML, only needed by whoever refreshes the catalogue

root = sys.argv[1]
clouds = {'aws': 'aws', 'gcp': 'google', 'azure': 'azurerm'}
commit = subprocess.run(['git', '-C', root, 'rev-parse', 'HEAD'], capture_output=True, text=True).stdout.strip()


def literal(node, names):
    if isinstance(node, ast.Name) and node.id in names:
        return names[node.id]
    try:
        return ast.literal_eval(node)
    except Exception:
        return None


def parent_init(tree, root_dir):
    """The __init__ of the class this check inherits from, when it is Checkov's own."""
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(('checkov.terraform.checks.resource', 'checkov.terraform.checks.data')):
            path = os.path.join(root_dir, *node.module.split('.')) + '.py'
            if os.path.exists(path):
                ptree = ast.parse(open(path).read())
                for cls in [n for n in ptree.body if isinstance(n, ast.ClassDef)]:
                    for fn in cls.body:
                        if isinstance(fn, ast.FunctionDef) and fn.name == '__init__':
                            return fn
    return None


def render(node, names):
    """A name or an f-string naming a port, with the subclass's arguments bound."""
    if isinstance(node, ast.JoinedStr):
        parts = []
        for v in node.values:
            if isinstance(v, ast.Constant):
                parts.append(str(v.value))
            elif isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Name):
                parts.append(str(names.get(v.value.id, '{' + v.value.id + '}')))
        return ''.join(parts)
    return literal(node, names)


def inherited(call_kw, parent, names):
    bound = dict(names)
    bound.update({k: v for k, v in call_kw.items() if v is not None})
    for stmt in ast.walk(parent):
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            v = render(stmt.value, bound)
            if v is not None:
                bound[stmt.targets[0].id] = v
        if isinstance(stmt, ast.Call) and getattr(stmt.func, 'attr', '') == '__init__':
            for k in stmt.keywords:
                if k.arg in ('supported_resources', 'supported_data') and k.arg not in bound:
                    v = literal(k.value, bound)
                    if v is not None:
                        bound[k.arg] = v
    return bound


def python_check(path):
    tree = ast.parse(open(path).read())
    parent = parent_init(tree, root)
    found = []
    for cls in [n for n in tree.body if isinstance(n, ast.ClassDef)]:
        for fn in [n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == '__init__']:
            names = {}
            for stmt in ast.walk(fn):
                if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                    v = literal(stmt.value, names)
                    if v is not None:
                        names[stmt.targets[0].id] = v
                if isinstance(stmt, ast.Call) and getattr(stmt.func, 'attr', '') == '__init__':
                    kw = {k.arg: literal(k.value, names) for k in stmt.keywords}
                    if kw.get('supported_data'):
                        kw['supported_resources'] = kw['supported_data']
                    if not kw.get('supported_resources') and parent is not None:
                        bound = inherited(kw, parent, names)
                        kw = {'id': kw.get('id') or kw.get('check_id') or bound.get('id') or bound.get('check_id'),
                              'name': kw.get('name') or bound.get('name'),
                              'supported_resources': bound.get('supported_resources') or bound.get('supported_data')}
                    if kw.get('id') and kw.get('supported_resources'):
                        found.append({'id': kw['id'], 'name': kw.get('name') or '', 'resourceTypes': sorted(set(kw['supported_resources']))})
    return found


def resource_types(definition):
    types = set()
    def walk(d):
        if isinstance(d, dict):
            for k, v in d.items():
                if k == 'resource_types' and isinstance(v, list):
                    types.update(t for t in v if isinstance(t, str) and t != 'all')
                else:
                    walk(v)
        elif isinstance(d, list):
            for x in d:
                walk(x)
    walk(definition)
    return sorted(types)


checks = []
for folder, provider in clouds.items():
    base = os.path.join(root, 'checkov/terraform/checks/resource', folder)
    for f in sorted(os.listdir(base)):
        if f.endswith('.py') and f != '__init__.py':
            for c in python_check(os.path.join(base, f)):
                checks.append({**c, 'provider': provider, 'kind': 'resource', 'source': f'checkov/terraform/checks/resource/{folder}/{f}'})
    dbase = os.path.join(root, 'checkov/terraform/checks/data', folder)
    if os.path.isdir(dbase):
        for f in sorted(os.listdir(dbase)):
            if f.endswith('.py') and f != '__init__.py':
                for c in python_check(os.path.join(dbase, f)):
                    c['resourceTypes'] = ['data.' + t for t in c['resourceTypes']]
                    checks.append({**c, 'provider': provider, 'kind': 'data', 'source': f'checkov/terraform/checks/data/{folder}/{f}'})
    gbase = os.path.join(root, 'checkov/terraform/checks/graph_checks', folder)
    for f in sorted(os.listdir(gbase)):
        if f.endswith('.yaml') or f.endswith('.yml'):
            doc = yaml.safe_load(open(os.path.join(gbase, f)))
            meta = doc.get('metadata', {})
            types = resource_types(doc.get('definition', {}))
            if meta.get('id'):
                checks.append({'id': meta['id'], 'name': meta.get('name', ''), 'resourceTypes': types, 'provider': provider, 'kind': 'graph', 'source': f'checkov/terraform/checks/graph_checks/{folder}/{f}'})

seen = {}
for c in checks:
    if c['id'] in seen:
        prev = seen[c['id']]
        prev['resourceTypes'] = sorted(set(prev['resourceTypes']) | set(c['resourceTypes']))
    else:
        seen[c['id']] = c
out = {
    'source': 'https://github.com/bridgecrewio/checkov',
    'commit': commit,
    'licence': 'Apache-2.0',
    'note': 'Check ids, names and resource types as declared by each Checkov Terraform check; no check logic.',
    'checks': sorted(seen.values(), key=lambda c: (c['provider'], c['id'])),
}
json.dump(out, sys.stdout, indent=1)
print()
