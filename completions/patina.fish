# fish completion for patina(1)
#
# Install as patina.fish in a directory of $fish_complete_path (e.g.
# /usr/share/fish/vendor_completions.d). Candidates come from `patina
# __complete WORDS...`, which reads only patina's disk cache (commands,
# entities, options, columns, filter keys, owner names, stages, fields,
# choices) and never the network, so Tab answers at once, online or not.

function __patina_complete
    # the words before the cursor, and the one being completed
    set -l words (commandline -opc) (commandline -ct)
    for cand in (command $words[1] __complete $words[2..-1] 2>/dev/null)
        # patina quotes a name with spaces for the shell: fish inserts
        # candidates as text and quotes them itself
        string unescape -- $cand 2>/dev/null; or echo $cand
    end
end

complete -c patina -f
complete -c patina -s c -l config -r -F -d 'config file'
complete -c patina -l base -r -F -d 'the record as it was read (set)'
complete -c patina -a '(__patina_complete)'
