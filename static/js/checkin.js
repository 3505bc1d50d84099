// Check-in page: scan a pass's QR code with the phone's camera where the browser offers a
// barcode reader (BarcodeDetector); everywhere else the code is typed in the same form.
(() => {
  const form = document.getElementById("pointage-code");
  const button = document.getElementById("scanner");
  const video = document.getElementById("camera");
  const state = document.getElementById("scanner-etat");
  if (!form || !button || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;

  let stream = null;
  const stop = () => {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    video.hidden = true;
    button.textContent = button.dataset.label;
  };

  button.dataset.label = button.textContent;
  button.hidden = false;
  button.addEventListener("click", async () => {
    if (stream) return stop();
    try {
      const detector = new BarcodeDetector({ formats: ["qr_code"] });
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      button.textContent = "Arrêter la caméra";
      state.textContent = "Présentez le QR code du billet à la caméra.";
      const look = async () => {
        if (!stream) return;
        const found = await detector.detect(video).catch(() => []);
        if (found.length) {
          form.elements.code.value = found[0].rawValue;
          stop();
          state.textContent = "Billet lu : pointage…";
          form.requestSubmit();
          return;
        }
        setTimeout(look, 250);
      };
      look();
    } catch (error) {
      stop();
      state.textContent = "La caméra n'est pas disponible : saisissez le code du billet.";
    }
  });
})();
