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
