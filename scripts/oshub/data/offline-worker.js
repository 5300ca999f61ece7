/* The offline copy's stand-in for Web Workers.

   Opened from disk (file://), a browser refuses to start a worker from a file, and
   the theme runs its search in one. Here the worker runs in a hidden frame of the
   same page instead (the idea of the theme's own iframe-worker shim, but without
   inline scripts, so that the page's Content-Security-Policy still holds): the frame
   loads this file first, which gives it `postMessage` and `importScripts` as a
   worker has them, then the worker's own script. Served over HTTP it does nothing. */
(function () {
  "use strict";
  var frame = null;
  try { frame = window.frameElement; } catch (ignored) { frame = null; }

  if (frame && frame.hasAttribute("data-oshub-worker")) {
    // inside the frame: what a worker's global scope offers
    window.postMessage = function (message) { window.parent.postMessage(message, "*"); };
    window.importScripts = function () {
      var urls = Array.prototype.slice.call(arguments);
      return urls.reduce(function (done, url) {
        return done.then(function () {
          return new Promise(function (resolve, reject) {
            var script = document.createElement("script");
            script.src = url;
            script.onload = resolve;
            script.onerror = reject;
            document.body.appendChild(script);
          });
        });
      }, Promise.resolve());
    };
    return;
  }
  if (location.protocol !== "file:" || !window.EventTarget) { return; }

  var runtime = document.currentScript ? document.currentScript.src : "";

  function attribute(text) {
    return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }

  class FrameWorker extends EventTarget {
    constructor(url) {
      super();
      var worker = this;
      this.onmessage = null;
      this.onerror = null;
      this.frame = document.createElement("iframe");
      this.frame.hidden = true;
      this.frame.setAttribute("data-oshub-worker", "");
      this.frame.setAttribute("aria-hidden", "true");
      this.frame.tabIndex = -1;
      document.body.appendChild(this.frame);
      var inner = this.frame.contentWindow;
      this.listener = function (event) {
        if (event.source !== inner) { return; }
        var message = new MessageEvent("message", { data: event.data });
        worker.dispatchEvent(message);
        if (worker.onmessage) { worker.onmessage(message); }
      };
      window.addEventListener("message", this.listener);
      inner.document.open();
      inner.document.write(
        "<!doctype html><html><head><title>worker</title></head><body>" +
        '<script src="' + attribute(runtime) + '"></script>' +
        '<script src="' + attribute(url) + '"></script></body></html>'
      );
      inner.document.close();
      // listeners only now: opening the frame's document erased the earlier ones
      this.ready = new Promise(function (resolve) { inner.addEventListener("load", resolve); });
      inner.addEventListener("error", function (event) {
        var error = new ErrorEvent("error", { message: event.message, error: event.error });
        worker.dispatchEvent(error);
        if (worker.onerror) { worker.onerror(error); }
      });
    }

    postMessage(data) {
      var frame = this.frame;
      this.ready.then(function () {
        if (frame.contentWindow) {
          frame.contentWindow.dispatchEvent(new MessageEvent("message", { data: data }));
        }
      });
    }

    terminate() {
      window.removeEventListener("message", this.listener);
      this.frame.remove();
    }
  }

  window.Worker = FrameWorker;
})();
