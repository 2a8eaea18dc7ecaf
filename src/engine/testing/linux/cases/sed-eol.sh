# sed keeps a missing newline at the end of its input (birdc's piped output ends without one)
printf 'a\nb' | sed 's/a/x/'; echo '|'
printf 'a\nb' | sed -n 1p; echo '|'
printf 'a\nb' | sed -n p; echo '|'
printf 'a\nb' | sed p; echo '|'
printf 'a\nb' | sed '$d'; echo '|'
printf 'a\nb\n' | sed 's/b/c/'; echo '|'
printf '' | sed p; echo '|'
