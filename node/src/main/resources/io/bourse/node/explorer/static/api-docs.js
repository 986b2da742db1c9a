// Swagger UI on the node's own API document (docs/api.yaml, served at /api.yaml).
window.ui = SwaggerUIBundle({ url: '/api.yaml', dom_id: '#swagger-ui', deepLinking: true });
