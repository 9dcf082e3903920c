#!/usr/bin/env bash
# "It's tempting to get a quick-hit with kubectl create namespace awesome-project" (the article).
set -euo pipefail

kubectl create namespace awesome-project
kubectl -n awesome-project create deployment microservice-y \
  --image=registry.example.com/awesome/microservice-y:1.4.2
kubectl -n awesome-project expose deployment microservice-y --port=80 --target-port=8080
kubectl -n awesome-project scale deployment microservice-y --replicas=3
kubectl label namespace awesome-project stage=production --overwrite

# Only generates a manifest: nothing reaches the cluster here.
kubectl create configmap settings --from-literal=LOG_LEVEL=info --dry-run=client -o yaml > k8s/settings.yaml
