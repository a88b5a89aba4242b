# Latency against offered load for each system of rxlocator-peers, one
# panel per kind of search: p99 (solid) and p50 (dashed) of the open-loop
# runs, from its --csv file.
#
#   gnuplot -e "csv='/tmp/peers.csv'; png='bench/peers.png'" bench/plot_peers.gp
set datafile separator ','
set terminal pngcairo size 1400,900 font ',10' noenhanced
set output png
set multiplot layout 2,3 title 'rxlocator, Redis GEOSEARCH and PostGIS: latency against offered load (open loop)'
set logscale xy
set xlabel 'offered calls/s'
set ylabel 'latency (ms)'
set key top left
set grid
systems = 'rxlocator redis postgis'
colors = '#1b9e77 #d95f02 #7570b3'
# The rows of one system and kind, open loop only.
rows(s, k) = sprintf("< awk -F, '$1==\"%s\" && $2==\"%s\" && $3==\"open\"' '%s'", s, k, csv)
do for [k in 'null plain plan plan_open plan_open_stock'] {
  set title k
  plot for [i=1:3] rows(word(systems, i), k) using 4:($7/1000) \
         with linespoints lw 2 lc rgb word(colors, i) title word(systems, i).' p99', \
       for [i=1:3] rows(word(systems, i), k) using 4:($6/1000) \
         with linespoints dt 2 lc rgb word(colors, i) notitle
}
unset multiplot
