/* Assessment dashboard: ranking, grades, trend, org × quarter heat map and the ledger's completion by
   item, from the page's JSON. A click drills down where the data says (`urls`, parallel to the bars and
   cells): an org's bar or cell to its result, an item's bar to its assignments of the period. */
(function () {
  "use strict";
  var source = document.getElementById("assessment-dashboard-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var narrow = window.innerWidth < 576;
  var charts = [];
  function drill(chart, urls) {
    if (!chart || !urls) { return; }
    chart.on("click", function (p) { if (urls[p.dataIndex]) { window.location.href = urls[p.dataIndex]; } });
  }
  function short(label) { return narrow && label.length > 8 ? label.slice(0, 8) + "…" : label; }
  function init(id, option) {
    var holder = document.getElementById(id);
    if (!holder) { return null; }
    var chart = echarts.init(holder);
    chart.setOption(option);
    charts.push(chart);
    return chart;
  }
  var ranking = init("chart-ranking", {
    tooltip: { trigger: "axis", renderMode: "richText" },
    grid: { left: 40, right: 10, top: 20, bottom: 90 },
    dataZoom: data.ranking.names.length > 20 ? [{ type: "slider", startValue: 0, endValue: 19, height: 14, bottom: 0 }] : [],
    xAxis: { type: "category", data: data.ranking.names, axisLabel: { interval: 0, rotate: 40, formatter: short } },
    yAxis: { type: "value", min: 0, max: 100 },
    series: [{ type: "bar", data: data.ranking.values, itemStyle: { color: "#b71c1c" } }]
  });
  drill(ranking, data.ranking.urls);
  init("chart-grades", {
    tooltip: { trigger: "item", renderMode: "richText" },
    series: [{ type: "pie", radius: ["35%", "65%"], data: data.grades, label: { formatter: "{b} {c}" } }]
  });
  var names = data.trend.names;  // translated by the server, in the reader's language
  init("chart-trend", {
    tooltip: { trigger: "axis", renderMode: "richText" },
    legend: { top: 0, type: "scroll" },
    grid: { left: 40, right: 10, top: 40, bottom: 30 },
    xAxis: { type: "category", data: data.trend.period_labels },
    yAxis: { type: "value", min: 0, max: 100 },
    series: Object.keys(names).map(function (key) {
      return { name: names[key], type: "line", data: data.trend.series[key] };
    })
  });
  var items = data.items || { names: [], rates: [], urls: [] };
  drill(init("chart-items", {
    tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: function (v) { return v + "%"; } },
    grid: { left: 40, right: 10, top: 20, bottom: 90 },
    dataZoom: items.names.length > 20 ? [{ type: "slider", startValue: 0, endValue: 19, height: 14, bottom: 0 }] : [],
    xAxis: { type: "category", data: items.names, axisLabel: { interval: 0, rotate: 40, formatter: short } },
    yAxis: { type: "value", min: 0, max: 100 },
    series: [{ type: "bar", data: items.rates, itemStyle: { color: "#b71c1c" },
               label: { show: !narrow, position: "top", formatter: "{c}%" } }]
  }), items.urls);
  drill(init("chart-heat", {
    tooltip: { renderMode: "richText", formatter: function (p) {
      return data.heat.orgs[p.value[1]] + " " + data.heat.quarter_labels[p.value[0]] + "：" + p.value[2];
    } },
    grid: { left: narrow ? 90 : 220, right: 10, top: 10, bottom: 60 },
    xAxis: { type: "category", data: data.heat.quarter_labels },
    yAxis: { type: "category", data: data.heat.orgs, inverse: true, axisLabel: { formatter: short } },
    visualMap: { min: 0, max: 100, calculable: true, orient: "horizontal", left: "center", bottom: 0,
                 inRange: { color: ["#fde0dc", "#b71c1c"] } },
    series: [{ type: "heatmap", data: data.heat.cells }]
  }), data.heat.urls);
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
