FROM node:onbuild
EXPOSE 8080
