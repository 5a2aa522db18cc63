/* SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 200809L
#include "processes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure.h"

#define MAX_ROWS 32
#define FIELD 96

struct row {
    char id[FIELD], path[FIELD], reference[FIELD], target[16];
    double ns[BENCH_MAX_PROCESSES], reference_ns[BENCH_MAX_PROCESSES];
    double ratio[BENCH_MAX_PROCESSES];
    int count;
};

static struct row rows[MAX_ROWS];
static int row_count;

static struct row *row_named(const char *id)
{
    for (int i = 0; i < row_count; i++)
        if (strcmp(rows[i].id, id) == 0)
            return &rows[i];
    if (row_count == MAX_ROWS)
        return NULL;
    struct row *row = &rows[row_count++];
    snprintf(row->id, sizeof row->id, "%s", id);
    return row;
}

/* One PORTIO-BENCH line of a run: id|path|ns|reference|reference ns|ratio|low|high|target */
static int take_line(char *line, int process)
{
    char *field[10];
    int n = 0;
    for (char *next = line; n < 10 && next; n++) {
        field[n] = next;
        next = strchr(next, '|');
        if (next)
            *next++ = '\0';
    }
    if (n != 10)
        return -1;
    struct row *row = row_named(field[1]);
    if (!row || row->count != process)
        return -1;
    snprintf(row->path, sizeof row->path, "%s", field[2]);
    snprintf(row->reference, sizeof row->reference, "%s", field[4]);
    snprintf(row->target, sizeof row->target, "%s", field[9]);
    row->ns[process] = atof(field[3]);
    row->reference_ns[process] = atof(field[5]);
    row->ratio[process] = atof(field[6]);
    row->count++;
    return 0;
}

int bench_pool_processes(const char *command, int processes)
{
    for (int p = 0; p < processes; p++) {
        FILE *run = popen(command, "r");
        if (!run)
            return -1;
        char line[512];
        int done = 0;
        while (fgets(line, sizeof line, run)) {
            line[strcspn(line, "\r\n")] = '\0';
            if (strcmp(line, "PORTIO-BENCH-DONE") == 0) {
                done = done == 0 ? 1 : done;
            } else if (strncmp(line, "PORTIO-BENCH|", 13) == 0) {
                if (take_line(line, p) != 0)
                    done = -1;
            } else {
                puts(line); /* the run's own messages */
            }
        }
        if (pclose(run) != 0 || done != 1) {
            fprintf(stderr, "bench: run %d of \"%s\" failed\n", p + 1, command);
            return -1;
        }
    }
    for (int i = 0; i < row_count; i++) {
        struct row *row = &rows[i];
        if (row->count != processes)
            return -1;
        /* The processes' ratios against ones: their median and quartiles. */
        double ones[BENCH_MAX_PROCESSES];
        for (int p = 0; p < processes; p++)
            ones[p] = 1.0;
        struct bench_result result;
        bench_summarize(row->ratio, ones, processes, &result);
        result.ns = bench_median(row->ns, processes);
        result.reference_ns = bench_median(row->reference_ns, processes);
        double target = strcmp(row->target, "-") == 0 ? 0 : atof(row->target);
        printf("PORTIO-BENCH-PROCESSES|%s|", row->id);
        for (int p = 0; p < processes; p++)
            printf(p ? " %.3f" : "%.3f", row->ratio[p]);
        printf("\n");
        bench_print(row->id, row->path, row->reference, &result, target);
    }
    return 0;
}
