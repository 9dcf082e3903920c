#!/usr/bin/env bash
# The namespace, the Deployment (replicas: 3), its Service and the labels are manifests under k8s/.
set -euo pipefail

kubectl apply -f k8s/
kubectl -n awesome-project rollout status deployment/microservice-y --timeout=120s
