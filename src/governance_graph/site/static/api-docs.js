// Swagger UI on the stored-query API's OpenAPI document (/api/docs of `serve`), with "Try it
// out" open. The online validator badge is off (it would send the document to
// validator.swagger.io), so nothing is fetched from elsewhere.
(function () {
  "use strict";

  var root = document.getElementById("swagger-ui");
  window.governanceGraphApiDocs = SwaggerUIBundle({
    url: root.dataset.openapi,
    domNode: root,
    deepLinking: false, // its links would sit inside the buttons that open operations
    tryItOutEnabled: true,
    validatorUrl: null,
    docExpansion: "list",
    defaultModelsExpandDepth: -1,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
})();
