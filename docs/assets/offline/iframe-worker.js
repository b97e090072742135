/* Site search from a copy opened from the disk (file://), for `make offline`.
 *
 * Material runs its search in a Web Worker, and a browser will not start a worker from a
 * file:// page. Material's offline plugin loads a stand-in from unpkg.com (a request to
 * another host, which this site never makes), and that stand-in writes an inline script
 * into its frame (which the site's Content-Security-Policy refuses). This one uses the
 * site's own files only: on a file:// page it replaces `Worker` with a hidden, empty frame
 * of the page's own origin, loads the worker's script into it as a script file, and passes
 * the messages both ways. Over http(s) it does nothing.
 *
 * Material's worker looks for `IFrameWorker` on the page to find its language files; the
 * name is kept for that.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  function load(doc, urls) {
    return urls.reduce(function (done, url) {
      return done.then(function () {
        return new Promise(function (resolve, reject) {
          var script = doc.createElement("script");
          script.src = new URL(url, location.href).href;
          script.onload = resolve;
          script.onerror = reject;
          doc.head.appendChild(script);
        });
      });
    }, Promise.resolve());
  }

  function FileWorker(url) {
    var self = this;
    var events = new EventTarget();
    var frame = document.createElement("iframe");
    frame.hidden = true;
    frame.title = "search";
    (document.body || document.documentElement).appendChild(frame);
    var inside = frame.contentWindow;

    // what the worker's script calls, as a worker would
    inside.postMessage = function (data) {
      var event = new MessageEvent("message", { data: data });
      events.dispatchEvent(event);
      if (typeof self.onmessage === "function") self.onmessage(event);
    };
    inside.importScripts = function () {
      return load(frame.contentDocument, Array.prototype.slice.call(arguments));
    };
    var started = load(frame.contentDocument, [url]);

    this.onmessage = null;
    this.onerror = null;
    this.addEventListener = events.addEventListener.bind(events);
    this.removeEventListener = events.removeEventListener.bind(events);
    this.postMessage = function (data) {
      started.then(function () {
        inside.dispatchEvent(new MessageEvent("message", { data: data }));
      }, function (error) {
        var event = new ErrorEvent("error", { message: String(error) });
        events.dispatchEvent(event);
        if (typeof self.onerror === "function") self.onerror(event);
      });
    };
    this.terminate = function () { frame.remove(); };
  }

  window.IFrameWorker = FileWorker;
  window.Worker = FileWorker;
})();
