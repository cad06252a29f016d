# Inflate and gunzip (kernel/lib/inflate.c) checked against the host's zlib
# (linked into the test) and against files the host's gzip tool writes.
HOST_TESTS += inflate
host_inflate_SRCS := tests/host/test_inflate.c kernel/lib/inflate.c

inflate_FIXTURES := $(BUILD)/host/inflate-data $(BUILD)/host/inflate-n.gz \
	$(BUILD)/host/inflate-name.gz $(BUILD)/host/inflate-1.gz

# C sources, a run of zeroes and a column of numbers: text, runs, repeats.
$(BUILD)/host/inflate-data: tests/host/inflate.mk | $(BUILD)/host
	cat kernel/lib/*.c tests/host/*.c | head -c 400000 > $@
	head -c 100000 /dev/zero >> $@
	seq 1 20000 >> $@

$(BUILD)/host/inflate-n.gz: $(BUILD)/host/inflate-data
	gzip -9 -n -c $< > $@

$(BUILD)/host/inflate-1.gz: $(BUILD)/host/inflate-data
	gzip -1 -n -c $< > $@

# With the original name (FNAME) and mtime in the header.
$(BUILD)/host/inflate-name.gz: $(BUILD)/host/inflate-data
	gzip -c $< > $@

$(BUILD)/host/inflate: $(inflate_FIXTURES)
$(BUILD)/host/inflate: HOST_CFLAGS += -DINFLATE_FIXTURES='"$(BUILD)/host"'
$(BUILD)/host/inflate: HOST_LDLIBS += -lz
