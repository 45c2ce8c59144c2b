#!/usr/bin/env bash
# The Littlest JupyterHub on one Ubuntu server, with the kerasnb course for every user.
# Run on the server as a user with sudo; replace ADMIN with the first admin's name.
# Each command is the one the TLJH documentation gives (tljh.jupyter.org):
#   install/custom-server.html             apt packages, the bootstrap installer
#   howto/user-env/user-environment.html   `sudo -E pip install` installs for all users
#   howto/content/share-data.html          /etc/skel: copied into every new user's home
#   topic/tljh-config.html                 limits.memory, limits.cpu, default_app, reload
#   topic/idle-culler.html                 services.cull.timeout
#   topic/escape-hatch.html                jupyterhub_config.d/*.py: extra JupyterHub settings
# Sizes as in deploy/z2jh/config.yaml, from benchmarks/results/classroom.md and notebooks.md.
set -euo pipefail
ADMIN="${ADMIN:-teacher}"

sudo apt install python3 python3-dev git curl
curl -L https://tljh.jupyter.org/bootstrap.py | sudo -E python3 - --admin "$ADMIN"

# kerasnb and its dependencies (CPU-only TensorFlow on Linux x86_64) in the user environment.
sudo -E pip install "kerasnb @ git+https://github.com/kerasnb/kerasnb"
# The tutorials in every new user's home, as ~/kerasnb-course.
sudo /opt/tljh/user/bin/kerasnb notebooks /etc/skel/kerasnb-course

sudo tljh-config set limits.memory 2500M
sudo tljh-config set limits.cpu 1
sudo tljh-config set user_environment.default_app jupyterlab
sudo tljh-config set services.cull.timeout 1800
# glibc's allocator tuned for TensorFlow kernels, the values binder/start and z2jh set.
printf '%s\n' "c.Spawner.environment.update({'MALLOC_ARENA_MAX': '2', 'MALLOC_MMAP_THRESHOLD_': '131072', 'MALLOC_TRIM_THRESHOLD_': '131072'})" | sudo tee /opt/tljh/config/jupyterhub_config.d/kerasnb-memory.py > /dev/null
sudo tljh-config reload
