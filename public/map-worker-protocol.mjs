// Loaded into maplibre's own workers: the GeoJSON of a layer, made as bytes by the import worker
// and handed to the map as a blob URL, is fetched and parsed here rather than on the page's main
// thread (maplibre otherwise sends any "scheme://" URL it does not know to the main thread).
for (const scheme of ['blob:http', 'blob:https']) {
  self.addProtocol(scheme, async (params, abortController) => {
    const response = await fetch(params.url, { signal: abortController.signal });
    if (!response.ok) throw new Error(`${params.url}: HTTP ${response.status}`);
    return { data: params.type === 'json' ? await response.json() : await response.arrayBuffer() };
  });
}

// The GeoJSON a worker read from a blob URL stays in the worker. maplibre sends it back to the
// page (for GeoJSONSource.getData and getStyle, which then hold the whole collection); the page
// never asks these sources for their data (it has the layer's features), and for the county's
// plots the copy took ~0.3 s of the worker and more of the page's main thread, before the first
// tile was even asked for. Left as maplibre does it where its worker is not built as expected.
const handlers = self.worker?.actor?.messageHandlers;
const loadData = handlers?.LD;
if (typeof loadData === 'function') {
  handlers.LD = async (mapId, params) => {
    const result = await loadData(mapId, params);
    const url = params?.request?.url;
    if (result && typeof result === 'object' && typeof url === 'string' && url.startsWith('blob:')) delete result.data;
    return result;
  };
}
