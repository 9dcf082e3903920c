FROM node:20.18-alpine3.20
WORKDIR /app
COPY package.json package-lock.json /app/
RUN npm ci --omit=dev
COPY server.js /app/server.js
USER node
EXPOSE 8080
CMD ["node", "server.js"]
