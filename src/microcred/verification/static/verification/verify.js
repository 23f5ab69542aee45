// Progressive enhancement for the verify page: decode a QR code (jsQR) from an uploaded photo or the camera,
// put the link in the share-link form and submit it. Without JavaScript the other three inputs still work.
(function () {
  "use strict";
  var status = document.getElementById("qr-status");
  var photo = document.getElementById("qr-photo");
  var cameraButton = document.getElementById("qr-camera");
  var video = document.getElementById("qr-video");
  var canvas = document.getElementById("qr-canvas");
  var form = document.getElementById("link-form");
  var linkInput = document.getElementById("link");
  if (!status || !photo || !canvas || !form || !linkInput) { return; }
  if (typeof window.jsQR !== "function") { status.textContent = status.dataset.noScript; return; }

  function say(key) { status.textContent = status.dataset[key] || ""; }

  function decode(source, width, height) {
    var scale = Math.min(1, 1024 / Math.max(width, height));
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    var context = canvas.getContext("2d");
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    var pixels = context.getImageData(0, 0, canvas.width, canvas.height);
    var code = window.jsQR(pixels.data, pixels.width, pixels.height);
    return code && code.data ? code.data : null;
  }

  function submitLink(text) {
    say("found");
    linkInput.value = text;
    form.submit();
  }

  photo.addEventListener("change", function () {
    var file = photo.files && photo.files[0];
    if (!file) { return; }
    // A data: URL, not a blob: one: the Content-Security-Policy allows images from 'self' and data: only.
    var reader = new FileReader();
    reader.onload = function () {
      var image = new Image();
      image.onload = function () {
        var text = decode(image, image.naturalWidth, image.naturalHeight);
        if (text) { submitLink(text); } else { say("none"); }
      };
      image.onerror = function () { say("none"); };
      image.src = String(reader.result);
    };
    reader.onerror = function () { say("none"); };
    reader.readAsDataURL(file);
  });

  if (!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia) || !cameraButton || !video) { return; }
  cameraButton.hidden = false;
  cameraButton.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}}).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      function tick() {
        if (video.readyState >= 2) {
          var text = decode(video, video.videoWidth, video.videoHeight);
          if (text) {
            stream.getTracks().forEach(function (track) { track.stop(); });
            submitLink(text);
            return;
          }
        }
        window.requestAnimationFrame(tick);
      }
      window.requestAnimationFrame(tick);
    }).catch(function () { say("noCamera"); });
  });
})();
