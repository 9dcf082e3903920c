// The 1,000-line manifest that the browser test, the benchmark of the playground and the benchmark of the npm
// package in Node all check: Deployments of 22 lines each, with labels, requests, limits and a security context as
// a real bundle has them, until the text has at least 1,000 lines.

/// The manifest's text (ending in a newline) and its line count.
export function thousandLineManifest() {
  const documents = [];
  for (let n = 0; documents.join('\n---\n').split('\n').length < 1000; n += 1) {
    documents.push(
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        `  name: service-${n}`,
        '  namespace: shop',
        '  labels: {app: shop, version: "1", release: "r1", stage: production}',
        'spec:',
        '  replicas: 2',
        '  selector:',
        `    matchLabels: {app: shop-${n}}`,
        '  template:',
        '    metadata:',
        `      labels: {app: shop-${n}, version: "1", release: "r1", stage: production}`,
        '    spec:',
        '      containers:',
        '        - name: web',
        `          image: registry.example.com/shop/web-${n}:1.0.${n}`,
        '          ports: [{containerPort: 8080}]',
        '          resources:',
        '            requests: {cpu: 100m, memory: 64Mi}',
        '            limits: {cpu: 200m, memory: 128Mi}',
        '          securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false}',
      ].join('\n'),
    );
  }
  const manifest = `${documents.join('\n---\n')}\n`;
  return { manifest, lines: manifest.split('\n').length - 1 };
}
