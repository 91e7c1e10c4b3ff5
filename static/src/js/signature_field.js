odoo.define('realestate_complaint.signature_field', function (require) {
"use strict";

/**
 * The customer signs an on-site callback (R29) on the agent's tablet: a drawing
 * pad (jSignature, shipped with Odoo 11's web addon for the portal) that stores a
 * PNG in a binary field. Odoo 11 community has no signature field widget.
 */
var AbstractField = require('web.AbstractField');
var core = require('web.core');
var fieldRegistry = require('web.field_registry');
var session = require('web.session');
var utils = require('web.utils');

var _t = core._t;

var SignatureField = AbstractField.extend({
    className: 'o_field_realestate_signature',
    supportedFieldTypes: ['binary'],
    events: _.extend({}, AbstractField.prototype.events, {
        'click .o_signature_clear': '_onClear',
    }),

    /**
     * The pad reports every stroke: re-rendering on our own change would wipe it.
     * @override
     */
    reset: function (record, event) {
        this._reset(record, event);
        if (event && event.target === this) {
            return $.when();
        }
        return this._render() || $.when();
    },

    _renderReadonly: function () {
        this.$el.empty();
        if (this.value) {
            // Read back from the server, a binary field holds its size only.
            var src = utils.is_bin_size(this.value) ? session.url('/web/image', {
                model: this.model, id: JSON.stringify(this.res_id), field: this.name,
                unique: (this.recordData.__last_update || '').replace(/[^0-9]/g, ''),
            }) : 'data:image/png;base64,' + this.value;
            $('<img>', {
                src: src,
                alt: _t('Signature'),
                style: 'max-height: 150px; max-width: 100%;',
            }).appendTo(this.$el);
        }
    },

    _renderEdit: function () {
        this.$el.empty();
        this.$pad = $('<div class="o_signature_pad"/>').css({
            border: '1px solid #ccc', width: '100%', 'max-width': '480px',
        }).appendTo(this.$el);
        $('<button type="button" class="btn btn-sm btn-default o_signature_clear"/>')
            .text(_t('Clear')).appendTo(this.$el);
        this._startPad();
    },

    /**
     * jSignature measures its element when it starts: wait until the pad is
     * shown (a dialog being opened, or the field made visible by the callback
     * method), then start it once.
     */
    _startPad: function () {
        var self = this;
        clearInterval(this._padTimer);
        this._padTimer = setInterval(function () {
            if (!self.$pad.is(':visible') || !self.$pad.width()) {
                return;
            }
            clearInterval(self._padTimer);
            self.$pad.jSignature({
                'decor-color': '#D1D0CE', 'color': '#000',
                'background-color': '#fff', 'height': '150px',
            });
            self.$pad.on('change', function () {
                var data = self.$pad.jSignature('getData', 'image');
                self._setValue(data ? data[1] : false);
            });
        }, 100);
    },

    destroy: function () {
        clearInterval(this._padTimer);
        this._super.apply(this, arguments);
    },

    _onClear: function () {
        this.$pad.jSignature('reset');
        this._setValue(false);
    },
});

fieldRegistry.add('realestate_signature', SignatureField);

return SignatureField;
});
